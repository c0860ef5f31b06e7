// Reads back, from static HTML rendered by render-harness.tsx, the text a user would read in one element.
import type { CertificateView, KeyView, RecipientPolicy, SecurityReport, ServerReviewView, Settings } from '../../app/contract/index.js';
import type { Problem } from '../../renderer/i18n/errors.js';
import type { Language } from '../../renderer/i18n/translate.js';

/** What render-harness.tsx exports. */
export interface Harness {
  securityBanner(report: SecurityReport, language: Language): string;
  recipientField(field: 'to' | 'cc' | 'bcc', addresses: string[], policy: RecipientPolicy | null, language: Language): string;
  errorLine(problem: Problem, language: Language, canRelock: boolean): string;
  serverReview(review: ServerReviewView, language: Language): string;
  keyDetails(key: KeyView, language: Language): string;
  certificateDetails(cert: CertificateView, language: Language, deletable?: boolean): string;
  settingsScreen(settings: Settings, language: Language): string;
  attachmentList(report: SecurityReport, keyAttachments: number[], imported: KeyView[] | null, language: Language): string;
}

/**
 * Loaded by a computed path so the Node type-check (tsconfig.json: no DOM, no JSX) does not follow it into the
 * .tsx files; renderer/tsconfig.json checks the harness against the components instead.
 */
export async function loadHarness(): Promise<Harness> {
  const path = './render-harness.js';
  return (await import(/* @vite-ignore */ path)) as Harness;
}

const VOID = new Set(['br', 'img', 'input', 'hr', 'meta', 'link']);

/** The outer HTML of every element carrying data-testid="id" (renderToStaticMarkup writes well-formed, quoted markup). */
export function elements(html: string, id: string): string[] {
  const found: string[] = [];
  const open = new RegExp(`<([a-z0-9]+)\\b[^>]*\\bdata-testid="${id}"[^>]*>`, 'g');
  for (let m = open.exec(html); m; m = open.exec(html)) {
    const tag = m[1] ?? '';
    if (VOID.has(tag)) {
      found.push(m[0]);
      continue;
    }
    const any = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'g');
    any.lastIndex = m.index + m[0].length;
    let depth = 1;
    let end = html.length;
    for (let n = any.exec(html); n; n = any.exec(html)) {
      depth += n[1] ? -1 : 1;
      if (depth === 0) {
        end = n.index + n[0].length;
        break;
      }
    }
    found.push(html.slice(m.index, end));
  }
  return found;
}

/** The text of some markup as written (a fingerprint keeps its double space): block ends become a space, other tags vanish. */
export function text(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/(li|dt|dd|p|summary|h[1-6]|ul|div)>/g, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/** The text of the one element with data-testid="id"; fails when there is none or several. */
export function textOf(html: string, id: string): string {
  const all = elements(html, id);
  if (all.length !== 1) throw new Error(`expected one data-testid="${id}", found ${all.length}`);
  return text(all[0] ?? '');
}
