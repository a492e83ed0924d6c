/**
 * Whether one table of a SQLite database has rows, read from the file format itself (sqlite.org/fileformat.html)
 * without a SQLite library: the header, the schema table on page 1, and the table's root b-tree page. Anything this
 * does not fully understand (a schema spilling onto more pages or overflow pages, a size that disagrees with the
 * header, a pending journal or WAL) is 'unknown', which callers treat as "credentials present".
 */

export type TableRows = 'empty' | 'rows' | 'unknown';

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const LEAF_TABLE = 0x0d;
const INTERIOR_TABLE = 0x05;

/** A SQLite varint at `at`: its value (safe for the sizes read here) and length; undefined past the end. */
function varint(bytes: Buffer, at: number): { value: number; length: number } | undefined {
  let value = 0;
  for (let i = 0; i < 9; i++) {
    if (at + i >= bytes.length) return undefined;
    const b = bytes[at + i]!;
    if (i === 8) return { value: value * 256 + b, length: 9 };
    value = value * 128 + (b & 0x7f);
    if (b < 0x80) return { value, length: i + 1 };
  }
  return undefined;
}

function serialSize(type: number): number {
  if (type >= 12) return Math.floor((type - (type % 2 === 0 ? 12 : 13)) / 2);
  return [0, 1, 2, 3, 4, 6, 8, 8, 0, 0, 0, 0][type] ?? 0;
}

function readValue(bytes: Buffer, at: number, type: number): string | number | null {
  const size = serialSize(type);
  if (type >= 13 && type % 2 === 1) return bytes.toString('utf8', at, at + size);
  if (type >= 1 && type <= 5) return bytes.readIntBE(at, size);
  if (type === 8) return 0;
  if (type === 9) return 1;
  return null;
}

/** The root page of `table` from the schema on page 1, or undefined when page 1 is not read whole. */
function rootPageOf(bytes: Buffer, pageSize: number, table: string): number | 'absent' | undefined {
  const header = 100;
  if (bytes[header] !== LEAF_TABLE) return undefined;
  const cells = bytes.readUInt16BE(header + 3);
  const maxLocal = pageSize - 35;
  for (let i = 0; i < cells; i++) {
    const pointer = bytes.readUInt16BE(header + 8 + i * 2);
    if (pointer >= pageSize) return undefined;
    const payload = varint(bytes, pointer);
    const rowid = payload && varint(bytes, pointer + payload.length);
    if (!payload || !rowid || payload.value > maxLocal) return undefined;
    const start = pointer + payload.length + rowid.length;
    const headerSize = varint(bytes, start);
    if (!headerSize) return undefined;
    const types: number[] = [];
    for (let at = start + headerSize.length; at < start + headerSize.value; ) {
      const t = varint(bytes, at);
      if (!t) return undefined;
      types.push(t.value);
      at += t.length;
    }
    const values: Array<string | number | null> = [];
    let at = start + headerSize.value;
    for (const t of types) {
      if (at + serialSize(t) > start + payload.value) return undefined;
      values.push(readValue(bytes, at, t));
      at += serialSize(t);
    }
    if (values[0] === 'table' && values[1] === table) return typeof values[3] === 'number' ? values[3] : undefined;
  }
  return 'absent';
}

/** `bytes`: the whole database file. `pending`: a non-empty -journal or -wal beside it (changes not yet in the file). */
export function tableRows(bytes: Buffer, table: string, pending = false): TableRows {
  if (pending || bytes.length < 512 || !bytes.subarray(0, 16).equals(MAGIC)) return 'unknown';
  const raw = bytes.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return 'unknown';
  // The in-header page count is valid only when its "version-valid-for" matches the change counter.
  const pageCount = bytes.readUInt32BE(28);
  if (bytes.readUInt32BE(92) !== bytes.readUInt32BE(24) || pageCount * pageSize !== bytes.length) return 'unknown';
  const root = rootPageOf(bytes, pageSize, table);
  if (root === undefined || root === 'absent' || root < 2 || root > pageCount) return 'unknown';
  const page = (root - 1) * pageSize;
  if (bytes[page] === INTERIOR_TABLE) return 'rows';
  if (bytes[page] !== LEAF_TABLE) return 'unknown';
  return bytes.readUInt16BE(page + 3) === 0 ? 'empty' : 'rows';
}
