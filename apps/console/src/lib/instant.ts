/** A `datetime-local` value (UTC) as RFC 3339, or undefined when empty. */
export function instant(text: string): string | undefined {
  return text === '' ? undefined : new Date(`${text}:00Z`).toISOString();
}
