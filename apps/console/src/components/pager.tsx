/**
 * Newer/Older paging over an API's opaque `nextCursor`: `cursors` is the stack of cursors that led
 * to the page shown (empty on the first page).
 */
export function Pager({
  label,
  cursors,
  nextCursor,
  onChange,
}: {
  label: string;
  cursors: string[];
  nextCursor: string | null;
  onChange: (cursors: string[]) => void;
}) {
  return (
    <nav className="pager" aria-label={label}>
      <button
        type="button"
        disabled={cursors.length === 0}
        onClick={() => onChange(cursors.slice(0, -1))}
      >
        Newer
      </button>
      <span>Page {cursors.length + 1}</span>
      <button
        type="button"
        disabled={nextCursor === null}
        onClick={() => nextCursor && onChange([...cursors, nextCursor])}
      >
        Older
      </button>
    </nav>
  );
}
