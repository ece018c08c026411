/**
 * Numbers the `$n` placeholders of a statement assembled from parts (a data-modifying `WITH` whose
 * parts are optional), so each part adds its values without knowing the others' positions.
 *
 * @example
 * ```ts
 * const params = new SqlParams();
 * const sql = `SELECT * FROM connections WHERE workspace_id = ${params.add('ws-1')}`;
 * await driver.all(sql, params.values);
 * ```
 */
export class SqlParams {
  readonly values: unknown[] = [];

  /**
   * Adds `value` and returns its placeholder, with a PostgreSQL cast when `cast` is given (a value
   * in a `SELECT` list has no column to take its type from).
   */
  add(value: unknown, cast?: 'text' | 'bigint' | 'bytea'): string {
    this.values.push(value);
    return `$${this.values.length}${cast === undefined ? '' : `::${cast}`}`;
  }
}
