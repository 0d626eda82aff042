// Type declarations for community-forms (hand-written; see INTERFACE.md).

/** One problem found, shown on `path`. */
export interface Issue {
  /** A field id, `table[index].field` (0-based), or a table id for table-level checks. */
  path: string;
  severity: "error" | "warning";
  /** Stable code: a rule id from the spec, or a built-in input error such as `too_many_decimals`. */
  code: string;
  /** zh-CN by default, English with `locale: "en"`. Plain text, never HTML. */
  message: string;
  /** The policy document the rule comes from. */
  citation: string;
}

/** Computed values: decimals as strings rounded half-up to the field's scale, booleans as booleans. */
export type Values = { [field: string]: string | boolean | string[] | Values[] };

export interface Result {
  form: string;
  valid: boolean;
  values: Values;
  issues: Issue[];
  /** With `explain: true`: the working of every computed value, by path. */
  explanations?: { [path: string]: string };
}

export interface Options {
  locale?: "zh-CN" | "en";
  explain?: boolean;
}

/** What the user typed: strings (as typed), booleans for check boxes, lists for checklists. */
export type Input = { [field: string]: string | number | boolean | string[] | object[] | Input[] | null };

/** Resolves to true when the engine is ready, false when WebAssembly is unavailable. Never rejects. */
export const ready: Promise<boolean>;

export function evaluate(formId: string, values: Input | string, options?: Options): Result;

/** evaluate on JSON text, returning the result's JSON text byte for byte as the command line prints it. */
export function evaluateJson(formId: string, valuesJson: string, options?: Options): string;

/** What a ledger's reading left out, and how its rows are numbered. The header is the first of
 * the first 10 rows that names a column of the form (a title above it is not read); after it, a
 * blank row (nothing in any of the form's columns) and a totals row (合计, 小计, 总计 or 共计 in its
 * first cell) are not rows of the table. A table row's spreadsheet row (the header's is
 * `header_row`; for split rows, the header is row 1 and `rows[i]` row i + 2) is
 * `n + (row - r)` for the last `[r, n]` of `numbers` with `r <= row`. */
export interface Sheet {
  header_row: number;
  /** 1, or 2 for a header of two rows (a heading merged over columns named in the row below). */
  header_rows: number;
  above_header: number;
  blank_rows: number;
  totals: number;
  /** The first 20 totals rows' spreadsheet rows. */
  totals_rows: number[];
  /** The first line of a UTF-8 file that holds bytes that are not UTF-8 (read as U+FFFD), or 0.
   * A file whose first bytes beyond ASCII are not UTF-8 is read as GBK/GB18030 instead. */
  not_utf8_line: number;
  /** Values every row took for a column the sheet lacks, read from a name it is known by
   * (`names`: a worksheet named 农村社区 for the 社区类型 the notice's own table has no column
   * for), or given (`give`; `from` is then null). */
  given: { field: string; label: string; options: string[]; value: string; from: string | null }[];
  /** Rows that head a section (一、城市社区) of a sheet without that column: the rows below each
   * take its value. The first 20. */
  sections: { row: number; text: string; field: string; label: string; value: string }[];
  /** Columns every row must fill that the sheet lacks and nothing gave (no name, `give` or
   * section heading): every row reports the field missing. A choice column's `options` are the
   * values `give` can take for it. */
  missing: { field: string; label: string; options: string[] }[];
  numbers: [number, number][];
}

/** A table row's spreadsheet row (see Sheet; in Node and in `community-forms/ledger`). */
export function sheetRow(sheet: Sheet, row: number): number;

/** A whole table from rows already split into cells (in Node and in `community-forms/ledger`;
 * the browser form package throws, pointing there): `header` names the columns (field ids,
 * labels or column headings), each row is an array of cell strings as typed. */
export function evaluateRows(
  formId: string,
  header: string[],
  rows: string[][],
  options?: Options & { values?: Input; rows?: boolean; names?: string[]; give?: Record<string, string> },
): Result & { rows?: Record<string, number>; sheet: Sheet };
/** A whole ledger from CSV or tab-separated text into the form's main table, header values
 * separately (in Node and in `community-forms/ledger`; the browser form package throws,
 * pointing there). With `rows: false` a table's computed values are left out of `values` and
 * `rows` gives its row count: a large ledger's problems and totals without every row's values.
 * A text that cannot be read as a table (no header among its first rows, a quote that never
 * closes) throws an Error saying why, in `locale` (zh-CN by default). */
export function evaluateCsv(formId: string, text: string, options?: Options & { values?: Input; rows?: boolean; names?: string[]; give?: Record<string, string> }): Result & { rows?: Record<string, number>; sheet: Sheet };

/** The ledger page's whole check (in Node and in `community-forms/ledger`; the form package
 * throws): the text, or a file's bytes (`bytes`: read as UTF-8 when they are, otherwise decoded
 * as GB18030, as Excel in China saves CSV), read a piece at a time (`progress` after each), then
 * the problems and totals
 * (`compact: true`: the problems packed as `{ texts, paths, codes }`: `paths` each problem's
 * path, each after a U+001F; `codes` an Int32Array of five numbers per problem, its row in the
 * main table or -1 (-2 - n for a problem of the sheet on its spreadsheet row n: a totals row
 * that does not add up), 1 for an error or 0, and the indexes of its code, message and citation in
 * `texts`), the `columns` asked for (each row's value as text, as the result shows it; "" when
 * blank; with `joined: true` each column as one string, `text`, each value after a U+001F, and
 * `starts`, where each row's value starts in it), and per `[group, flag]` of `tallies` the rows, flagged rows and rows with an error by each value
 * of `group`, in order of first appearance (a blank value is "", values in error are counted under null).
 * `sheets` (a workbook's worksheets, as the .xlsx reader gives them) instead of `text`: the worksheet
 * `sheet` (an index), or else the first that has the form's header, is checked, and `workbook` says
 * which (`read`), and which others have the header too (`also`). The ledger page's worker answers the
 * same (pkg/community-forms.worker.js). */
export function checkLedger(
  job: {
    form: string;
    text?: string;
    bytes?: Uint8Array;
    sheets?: { name: string; text: string }[];
    sheet?: number;
    /** What the sheet is known by (its worksheet's name, its file's): see `Sheet.given`. */
    names?: string[];
    /** A value every row takes for a column the sheet lacks (`Sheet.missing`), before any name. */
    give?: Record<string, string>;
    header?: Input;
    locale?: string;
    columns?: string[];
    joined?: boolean;
    tallies?: [string, string][];
    compact?: boolean;
  },
  progress?: (p: { done: number; total: number; rows: number; evaluating?: boolean }) => void,
): {
  result: unknown;
  ignored: string[];
  columns: Record<string, string[] | { text: string; starts: Int32Array }>;
  tallies: Record<string, [string | null, number, number, number][]>;
  workbook?: { names: string[]; read: number; also: number[] };
};

/** Bytes of memory the engine holds. */
export function memoryBytes(): number;

/** Loads a form spec at run time; returns its id. Throws with the spec error. In the browser
 * package: the bytes `community-forms precompile --out spec.cfw spec.json` writes (the package
 * carries no spec compiler); in Node also JSON text or an object. */
export function addSpec(spec: Uint8Array | ArrayBuffer | string | object): string;

export function forms(): string[];

export interface FieldInfo {
  id: string;
  label: string;
  type: string;
  unit: string;
  computed: boolean;
  /** A choice's options, each as its value and then the other names it is known by. */
  options?: string[][];
}

export interface FormInfo {
  id: string;
  title: string;
  source: string;
  fields: FieldInfo[];
  tables: { id: string; label: string; fields: FieldInfo[] }[];
}

export function formInfo(formId: string, options?: Options): FormInfo;

/** Problems to display now, by path (an empty list clears the path). */
export type Show = { [path: string]: Omit<Issue, "path">[] };

export interface Update {
  valid: boolean;
  /** Computed values that changed, by path (null: no longer computable). */
  values: { [path: string]: string | boolean | string[] | null };
  show: Show;
  summary?: { path: string; message: string; /** A table row's problem: which row, as "第3行（朝阳社区）" / "Row 3 (朝阳社区)". */ row?: string }[];
}

export interface Session {
  load(values: Input | string): Update;
  /** One keystroke: new problems are held back until commit or submit. */
  set(path: string, value: string | boolean | string[] | object[]): Update;
  /** The user left the field, pasted or chose: show what is pending. */
  commit(path: string): Update;
  submit(): Update;
  result(options?: { explain?: boolean }): Result;
  explain(path: string): string | null;
  readonly valid: boolean;
  free(): void;
}

export function createSession(formId: string, options?: Options): Session;

export interface AttachOptions extends Options {
  /** The form id; defaults to the form's data-cf-form attribute. */
  form?: string;
  /** Bind without touching the markup: field id -> CSS selector within the form. */
  fields?: { [field: string]: string };
  /** Tables: container and row selectors, and field selectors relative to a row. */
  tables?: { [table: string]: { container: string; row: string; fields?: { [field: string]: string } } };
  /** Selector of the error summary element (default: [data-cf-summary]). */
  summary?: string;
  /** "all": add a 计算过程 disclosure after every computed value (also: data-cf-explain-all on the
   * form); or, markup untouched, field id -> selector within the form of the element (a
   * <details>, or any element) that shows that value's working (as data-cf-explain does). */
  explain?: "all" | { [field: string]: string };
  /** false: do not add the default stylesheet. */
  stylesheet?: boolean;
  /** false (or data-cf-paste="as-is" on the form): a block of cells copied from a spreadsheet and
   * pasted into a table's cell goes into that one field as it is, instead of filling the row's
   * fields after it and the rows below (which it does only when each cell has an empty field to
   * go to). */
  pasteCells?: boolean;
}

/** A bound form. Should the engine ever fail inside (a trap), the binding stands down: its
 * listeners, messages, marks and summary are taken away, the page's [data-cf-unavailable] notice
 * is shown, one console warning is written, and the form works as it would without the package
 * (`valid` and `validate()` are then true, `explain` null, and `result` throws). */
export interface Handle {
  form: HTMLFormElement;
  readonly valid: boolean;
  result(options?: { explain?: boolean }): Result;
  explain(path: string): string | null;
  /** Re-read every input (after the page changed values by script). */
  refresh(): void;
  /** Show every problem, as a submit would; returns validity. */
  validate(): boolean;
  detach(): void;
}

/** Binds an existing form. Returns null when WebAssembly is unavailable (the form then works as before). */
export function attach(form: HTMLFormElement, options?: AttachOptions): Handle | null;
