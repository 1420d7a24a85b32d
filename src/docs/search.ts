/**
 * `lua_search_docs` / `kosmo-sinch docs --search`: keyword search over every function (names, aliases,
 * description, parameters, its reference page) and every section of the guide pages and of the integrations'
 * references, whatever the pages are called. Newcomers search with their own words ("reply", "inbox",
 * "text"): a word the suggestion table (LIKELY_GUESSES, src/integration/suggest.ts) maps to a function finds
 * that function as if it were its name (issue #16 item 7). Knows the docs' markdown, not Lua or Sinch.
 */
import { likelyMeanings } from '../integration/suggest';

/** One thing a search can find. */
export interface SearchDocument {
  /** The page that shows it (`integrations.sinch.sinch_send_sms`, `overview`). */
  readonly page: string;
  /** What the result line starts with: the function's path, or the page and the section's heading. */
  readonly label: string;
  readonly summary: string;
  /** Published name and aliases: what a likely guess may mean. Empty for a section. */
  readonly names: readonly string[];
  /** Text by weight: names and headings count most, running text least. */
  readonly fields: ReadonlyArray<readonly [weight: number, text: string]>;
}

/** A markdown section: its heading (without `#`, level 1–4) and its text, headings inside code fences ignored. */
export interface Section {
  readonly level: number;
  readonly heading: string;
  readonly text: string;
}

export function splitSections(markdown: string): Section[] {
  const sections: Section[] = [];
  let heading = '';
  let level = 0;
  let lines: string[] = [];
  let inFence = false;
  const flush = () => {
    const text = lines.join('\n').trim();
    if (heading !== '' || text !== '') sections.push({ level, heading, text });
  };
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const match = inFence ? null : /^(#{1,4})\s+(.+)$/.exec(line);
    if (match) {
      flush();
      level = match[1].length;
      heading = match[2].replace(/`/g, '').trim();
      lines = [];
    } else lines.push(line);
  }
  flush();
  return sections;
}

/** The first sentence of a section's prose (no tables, code or list markers), cut to a line. */
export function firstSentence(text: string): string {
  let inFence = false;
  const prose: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    else if (!inFence && !line.startsWith('|') && line.trim() !== '') prose.push(line.replace(/^\s*[-*]\s+/, '').trim());
    else if (prose.length > 0) break;
  }
  const joined = prose.join(' ').replace(/\*\*|`/g, '');
  const sentence = /^.*?\.(?=\s|$)/.exec(joined)?.[0] ?? joined;
  return sentence.length > 110 ? `${sentence.slice(0, 107).trimEnd()}...` : sentence;
}

const STOPWORDS = new Set(['a', 'an', 'the', 'of', 'for', 'and', 'or', 'in', 'on', 'by', 'with', 'is', 'it', 'my', 'me', 'i', 'how', 'do', 'what', 'can', 'get']);

function tokens(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((t) => t.length > 0);
}

/** A term matches a word equal to it, its plural/singular, or (4+ letters) a word it begins. */
function hit(words: ReadonlySet<string>, term: string): boolean {
  if (words.has(term) || words.has(`${term}s`) || (term.endsWith('s') && words.has(term.slice(0, -1)))) return true;
  if (term.length < 4) return false;
  for (const word of words) if (word.startsWith(term)) return true;
  return false;
}

/** A section of a guide page (`overview`, `sms-jobs`), not a function nor a section of an integration's reference. */
function isGuide(doc: SearchDocument): boolean {
  return doc.names.length === 0 && !doc.page.startsWith('integrations.');
}

/** Weight of a function found through what a word likely means: as much as its own name. */
const MEANT_WEIGHT = 3;

interface Indexed {
  readonly doc: SearchDocument;
  readonly fields: ReadonlyArray<readonly [number, ReadonlySet<string>]>;
  readonly names: ReadonlySet<string>;
}

export interface SearchHit {
  readonly doc: SearchDocument;
  readonly score: number;
}

/**
 * Terms are whole words (or prefixes of 4+ letters, and plurals), weighted by where they match and by how
 * rare they are, so that a word every page shares ("sms") ranks below a distinctive one ("received");
 * results far below the best match are left out.
 */
export class DocsSearch {
  private readonly indexed: Indexed[];

  constructor(documents: readonly SearchDocument[]) {
    this.indexed = documents.map((doc) => ({
      doc,
      fields: doc.fields.map(([weight, text]) => [weight, new Set(tokens(text))] as const),
      names: new Set(doc.names),
    }));
  }

  search(query: string, limit: number): SearchHit[] {
    const words = tokens(query).filter((t) => !STOPWORDS.has(t));
    // A term is a word, or two adjacent words as a guess (`send message` → send_message → send_sms).
    const terms = [...new Set([...words, ...words.slice(1).map((w, i) => `${words[i]}_${w}`)])];
    const meant = new Map(terms.map((t) => [t, likelyMeanings(t)]));
    const scoreOf = (entry: Indexed, term: string, weight: number) => {
      let score = 0;
      if (!term.includes('_')) for (const [w, set] of entry.fields) if (hit(set, term)) score += w * weight;
      if (meant.get(term)!.some((name) => entry.names.has(name))) score += MEANT_WEIGHT * weight;
      return score;
    };
    const weights = new Map(
      terms.map((t) => {
        const df = this.indexed.filter((entry) => scoreOf(entry, t, 1) > 0).length;
        return [t, df === 0 ? 0 : Math.log(1 + this.indexed.length / df)];
      }),
    );
    const scored = this.indexed
      .map((entry) => ({ doc: entry.doc, score: terms.reduce((sum, t) => sum + scoreOf(entry, t, weights.get(t)!), 0) }))
      .filter((r) => r.score > 0);
    scored.sort((a, b) => b.score - a.score || a.doc.label.localeCompare(b.doc.label));
    const best = scored[0]?.score ?? 0;
    const max = Math.max(1, Math.floor(limit));
    const shown = scored.filter((r) => r.score >= best / 3).slice(0, max);
    // A guide's recipe is often what the searcher needs ("group", "cancel", "wait" → the SMS jobs guide: issue
    // #9), but a function that names the word outranks it: the best matching guide sections (up to two) are
    // shown after the cut, within the limit, rather than dropped — but never in place of the best hit.
    if (!shown.some((r) => isGuide(r.doc))) {
      const guides = scored.filter((r) => isGuide(r.doc)).slice(0, Math.min(2, max - 1));
      shown.splice(Math.min(shown.length, max - guides.length), Infinity, ...guides);
    }
    return shown.slice(0, max);
  }
}
