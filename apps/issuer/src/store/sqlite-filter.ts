/**
 * One filtered, keyset-paged SELECT of the embedded store's listings (audit records, events,
 * runs): optional conditions with their parameters, the position after a cursor, and the order
 * by (time, id) that the cursor follows.
 */
export class SqliteFilter {
  readonly #where: string[] = [];
  readonly #params: unknown[] = [];

  add(condition: string, ...values: unknown[]): this {
    this.#where.push(condition);
    this.#params.push(...values);
    return this;
  }

  /** Only rows strictly past `(at, id)` in the order asked: the page after a cursor. */
  after(time: string, id: string, position: { at: number; id: string }, asc: boolean): this {
    const past = asc ? '>' : '<';
    return this.add(
      `(${time} ${past} ? or (${time} = ? and ${id} ${past} ?))`,
      position.at,
      position.at,
      position.id,
    );
  }

  /** The statement and its parameters, ordered by `(time, id)`, at most `limit` rows. */
  select(
    table: string,
    order: { time: string; id: string; asc: boolean },
    limit: number,
  ): { text: string; params: unknown[] } {
    const direction = order.asc ? 'asc' : 'desc';
    const where = this.#where.length > 0 ? ` where ${this.#where.join(' and ')}` : '';
    return {
      text: `select * from ${table}${where} order by ${order.time} ${direction}, ${order.id} ${direction} limit ?`,
      params: [...this.#params, limit],
    };
  }
}
