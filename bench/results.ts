// The bench tables and how they are printed: crypto rows as gpg/Sealmail ("x faster") with RSS, store and sync rows as figures; every target judged.
export interface Target {
  label: string;
  met: boolean;
}

export interface Row {
  name: string;
  sealmailMs: number;
  gpgMs: number;
  sealmailRssMb: number;
  gpgRssMb: number;
  targets: Target[];
}

export const speedup = (row: Row): number => row.gpgMs / row.sealmailMs;

const ms = (v: number): string => (v >= 10_000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);
const mb = (v: number): string => `${v.toFixed(1)} MB`;

/** A store or sync case: one figure, what it is compared with, and its target when it has one. */
export interface FigureRow {
  name: string;
  sealmail: string;
  reference: string;
  figure: string;
  target?: Target;
}

function printColumns(header: string[], body: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => (line[i] as string).length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-+-'));
  for (const line of body) console.log(format(line));
}

export function printFigures(rows: readonly FigureRow[], notes: readonly string[]): void {
  printColumns(
    ['case', 'Sealmail', 'compared with', 'figure', 'target', 'met'],
    rows.map((r) => [r.name, r.sealmail, r.reference, r.figure, r.target?.label ?? 'report the figure', r.target ? (r.target.met ? 'yes' : 'MISSED') : '-']),
  );
  for (const note of notes) console.log(`  ${note}`);
}

/** The closing line over every table: each missed target named, or that all were met. */
export function printVerdict(missed: readonly string[]): void {
  console.log(missed.length === 0 ? '\nAll targets met.' : `\nMISSED ${missed.length} target(s):\n${missed.map((m) => `  MISSED ${m}`).join('\n')}`);
}

export const missedTargets = (rows: readonly Row[], figures: readonly FigureRow[]): string[] => [
  ...rows.flatMap((r) => r.targets.filter((t) => !t.met).map((t) => `${r.name}: ${t.label}`)),
  ...figures.filter((f) => f.target && !f.target.met).map((f) => `${f.name}: ${f.target?.label ?? ''}`),
];

/** `reference` names the other side (the gpg* fields hold its figures): gpg for OpenPGP, openssl for S/MIME. */
export function printTable(rows: readonly Row[], notes: readonly string[], reference = 'gpg'): void {
  const header = ['case', 'Sealmail time', `${reference} time`, `ratio (${reference}/Sealmail)`, 'Sealmail peak RSS', `${reference} peak RSS`, 'target', 'met'];
  const body = rows.map((r) => [
    r.name,
    ms(r.sealmailMs),
    ms(r.gpgMs),
    speedup(r) >= 1 ? `${speedup(r).toFixed(2)}x faster` : `${(1 / speedup(r)).toFixed(2)}x slower`,
    mb(r.sealmailRssMb),
    mb(r.gpgRssMb),
    r.targets.length === 0 ? 'none (reference)' : r.targets.map((t) => t.label).join('; '),
    r.targets.length === 0 ? '-' : r.targets.every((t) => t.met) ? 'yes' : `MISSED: ${r.targets.filter((t) => !t.met).map((t) => t.label).join('; ')}`,
  ]);
  printColumns(header, body);
  for (const note of notes) console.log(`  ${note}`);
}
