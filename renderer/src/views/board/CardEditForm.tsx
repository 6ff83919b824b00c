import { useId, useState } from 'react';
import type { BoardCard, CardPatch } from '../../../../shared/contract/methods.js';
import { LabeledInput } from '../../components/LabeledInput.js';
import { boardSelectors } from '../../store/board/selectors.js';
import { useDesk } from '../../store/react.js';

export const parseTags = (text: string): string[] => [
  ...new Set(
    text
      .split(/[\s,]+/u)
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  ),
];

/** Title, customer handle and tags (leads and admins); only the fields that changed are sent. */
export function CardEditForm({ card }: { card: BoardCard }) {
  const canTriage = useDesk(boardSelectors.canTriage);
  const update = useDesk((s) => s.updateCard);
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState(card.title);
  const [handle, setHandle] = useState(card.customerHandle ?? '');
  const [tags, setTags] = useState(card.tags.join(', '));
  const uid = useId();
  if (!canTriage) return null;
  if (!open)
    return (
      <button
        type="button"
        className="button button-small detail-edit"
        onClick={() => {
          setTitle(card.title);
          setHandle(card.customerHandle ?? '');
          setTags(card.tags.join(', '));
          setOpen(true);
        }}
      >
        Edit title, customer and tags
      </button>
    );
  const patch: CardPatch = {};
  if (title.trim() && title.trim() !== card.title) patch.title = title.trim();
  const nextHandle = handle.trim() || null;
  if (nextHandle !== card.customerHandle) patch.customerHandle = nextHandle;
  const nextTags = parseTags(tags);
  if (nextTags.join(',') !== card.tags.join(',')) patch.tags = nextTags;
  const changed = Object.keys(patch).length > 0;
  return (
    <form
      className="form-grid detail-edit-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (changed) void update(card.id, patch);
        setOpen(false);
      }}
    >
      <LabeledInput id={`${uid}-title`} label="Title" value={title} onValue={setTitle} maxLength={300} required />
      <LabeledInput id={`${uid}-handle`} label="Customer handle" value={handle} onValue={setHandle} maxLength={200} />
      <LabeledInput id={`${uid}-tags`} label="Tags (comma or space separated)" value={tags} onValue={setTags} />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={!changed}>
          Save changes
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
