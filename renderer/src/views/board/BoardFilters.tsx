import { PRIORITIES, type Priority } from '../../../../shared/contract/methods.js';
import { EMPTY_FILTER, isFilterActive, type BoardFilter } from '../../store/board/filter.js';
import { useDesk } from '../../store/react.js';
import { formatCount } from '../../format.js';
import { countOf } from '../../../../shared/plural.js';

/** Search and the five filters; every control labelled, the count of shown cards read out politely. */
export function BoardFilters({ tags, shown, total, canMine }: { tags: string[]; shown: number; total: number; canMine: boolean }) {
  const filter = useDesk((s) => s.boardFilter);
  const setFilter = useDesk((s) => s.setBoardFilter);
  const toggle = (key: keyof Pick<BoardFilter, 'mine' | 'unassigned' | 'breached'>) => (
    <label className="filter-chip">
      <input type="checkbox" checked={filter[key]} onChange={(e) => setFilter({ [key]: e.target.checked })} />
      {key === 'mine' ? 'Mine' : key === 'unassigned' ? 'Unassigned' : 'Breached'}
    </label>
  );
  const togglePriority = (priority: Priority, on: boolean) =>
    setFilter({ priorities: on ? [...filter.priorities, priority] : filter.priorities.filter((p) => p !== priority) });
  return (
    <div className="board-filters" role="search" aria-label="Filter the board">
      <div className="field board-search">
        <label htmlFor="board-search" className="visually-hidden">
          Search cards
        </label>
        <input
          id="board-search"
          type="search"
          placeholder="Search title, posts, customer, #id…"
          value={filter.query}
          onChange={(e) => setFilter({ query: e.target.value })}
        />
      </div>
      {canMine && toggle('mine')}
      {toggle('unassigned')}
      {toggle('breached')}
      <fieldset className="filter-group">
        <legend className="visually-hidden">Priority</legend>
        {PRIORITIES.map((priority) => (
          <label key={priority} className={`filter-chip priority-chip-${priority}`}>
            <input
              type="checkbox"
              checked={filter.priorities.includes(priority)}
              onChange={(e) => togglePriority(priority, e.target.checked)}
            />
            {priority}
          </label>
        ))}
      </fieldset>
      <div className="field filter-tag">
        <label htmlFor="board-tag" className="visually-hidden">
          Tag
        </label>
        <select id="board-tag" value={filter.tag ?? ''} onChange={(e) => setFilter({ tag: e.target.value || null })}>
          <option value="">Any tag</option>
          {tags.map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </select>
      </div>
      {isFilterActive(filter) && (
        <button type="button" className="button button-small button-quiet" onClick={() => setFilter(EMPTY_FILTER)}>
          Clear filters
        </button>
      )}
      <span className="filter-count" role="status" aria-live="polite" data-testid="board-shown">
        {isFilterActive(filter) ? `${formatCount(shown)} of ${countOf(total, 'card')}` : countOf(total, 'card')}
      </span>
    </div>
  );
}
