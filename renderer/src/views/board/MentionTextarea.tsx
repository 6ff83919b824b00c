import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { initialsOf } from './people.js';
import { insertMention, matchPeople, mentionAt, type MentionPerson } from './mentions.js';

interface Props {
  id: string;
  value: string;
  onChange(value: string): void;
  people: readonly MentionPerson[];
  describedBy?: string;
  maxLength?: number;
  rows?: number;
}

/**
 * A textarea that offers people when an @word is typed: an ARIA 1.2 combobox whose focus never
 * leaves the textarea (the active option is named by aria-activedescendant). ArrowUp/ArrowDown
 * move, Enter or Tab inserts `@username `, Escape closes the list (and only the list, not the
 * dialog around it); a click on an option inserts it too.
 */
export function MentionTextarea({ id, value, onChange, people, describedBy, maxLength, rows = 2 }: Props) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  /** The @ whose list Escape closed: it stays closed until another @ is typed. */
  const [closedAt, setClosedAt] = useState<number | null>(null);
  const pendingCaret = useRef<number | null>(null);

  const token = caret === null ? null : mentionAt(value, caret);
  const matches = token ? matchPeople(people, token.query) : [];
  const open = token !== null && matches.length > 0 && closedAt !== token.start;
  const activeIndex = Math.min(active, matches.length - 1);
  const optionId = (index: number) => `${listId}-o${index}`;

  // After an insertion the caret goes behind the inserted name, once React wrote the new value.
  useLayoutEffect(() => {
    const at = pendingCaret.current;
    if (at === null || !ref.current) return;
    pendingCaret.current = null;
    ref.current.setSelectionRange(at, at);
  }, [value]);

  const track = () => {
    const el = ref.current;
    if (el) setCaret(el.selectionStart === el.selectionEnd ? el.selectionStart : null);
  };

  const pick = (person: MentionPerson) => {
    if (!token) return;
    const next = insertMention(value, token, person.username);
    if (maxLength !== undefined && next.text.length > maxLength) return;
    pendingCaret.current = next.caret;
    setCaret(next.caret);
    setActive(0);
    onChange(next.text);
    ref.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter that ends an IME composition belongs to the composition, not to the list.
    if (!open || event.nativeEvent.isComposing) return;
    const chosen = matches[activeIndex];
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + matches.length) % matches.length);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey && chosen) {
      event.preventDefault();
      pick(chosen);
    } else if (event.key === 'Escape') {
      // Keeps the dialog open: Escape here means "no suggestion", not "close the card".
      event.preventDefault();
      event.stopPropagation();
      setClosedAt(token.start);
    }
  };

  return (
    <div className="mention-box">
      <textarea
        ref={ref}
        id={id}
        rows={rows}
        value={value}
        maxLength={maxLength}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open ? optionId(activeIndex) : undefined}
        aria-describedby={describedBy}
        onChange={(event) => {
          onChange(event.target.value);
          const at = event.target.selectionStart;
          setCaret(event.target.selectionStart === event.target.selectionEnd ? at : null);
          setActive(0);
          // A new @ reopens the list that Escape closed for the last one.
          const next = mentionAt(event.target.value, at);
          if (!next || next.start !== closedAt) setClosedAt(null);
        }}
        onKeyDown={onKeyDown}
        onClick={track}
        onSelect={track}
        onBlur={() => setCaret(null)}
      />
      <ul className="mention-list" id={listId} role="listbox" aria-label="People to mention" hidden={!open}>
        {open &&
          matches.map((person, index) => (
            <li
              key={person.username}
              id={optionId(index)}
              role="option"
              aria-selected={index === activeIndex}
              className={`mention-option${index === activeIndex ? ' mention-option-active' : ''}`}
              data-testid="mention-option"
              // Keeps focus (and the caret) in the textarea while the option is clicked.
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => setActive(index)}
              onClick={() => pick(person)}
            >
              <span className="avatar mention-avatar" aria-hidden="true">
                {initialsOf(person.displayName)}
              </span>
              <span className="mention-name">{person.displayName}</span> <span className="mention-username">@{person.username}</span>
            </li>
          ))}
      </ul>
    </div>
  );
}
