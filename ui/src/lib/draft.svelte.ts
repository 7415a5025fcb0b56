// The open draft: what the editor shows, what was last saved, the save queue, and a conflict when
// someone else saved the article meanwhile. Articles.svelte shows it; this file decides when and what
// to save, so its rules are tested without a window (draft.test.ts).
import type { Article, ArticleInput, Merge, SaveKind } from './backend';
import { BackendError } from './backend';
import { emptyForm, fromArticle, fromInput, toInput, type Form } from './form';

/** The calls a draft makes: backend.ts in the app, a fake in the tests. */
export interface DraftBackend {
  createArticle(input: ArticleInput): Promise<Article>;
  saveArticle(id: string, baseRevision: number, input: ArticleInput, kind: SaveKind): Promise<Article>;
  getArticle(id: string): Promise<Article>;
  merge(id: string, baseRevision: number, input: ArticleInput): Promise<Merge>;
}

export interface DraftEvents {
  /** A save landed (to update the list). */
  saved?: (a: Article) => void | Promise<void>;
  /** A failure that is not a conflict (shown by the app's error bar). */
  error: (e: BackendError) => void;
  /** A merge after a conflict finished: the fields both sides changed, if any. */
  merged?: (conflicts: string[]) => void;
}

const asBackendError = (e: unknown): BackendError =>
  e instanceof BackendError ? e : new BackendError('internal', String(e));

export class Draft {
  /** The article as last saved or loaded; null for a new draft not saved yet. */
  current = $state<Article | null>(null);
  /** What the editor shows. */
  form = $state<Form>(emptyForm());
  /** The form as last saved, serialised (dirty when the form differs). */
  savedForm = $state<string>(JSON.stringify(emptyForm()));
  /** A save is under way. */
  saving = $state(false);
  /** Someone else saved the article since it was loaded: the message, until resolved. */
  conflict = $state<string | null>(null);
  /**
   * How many times a document was loaded (another article, a new draft): the editor starts a new
   * undo history at each, so Ctrl+Z never brings back another article's text.
   */
  loads = $state(0);
  /** A line about the last thing done (a merge, a bundle); cleared by the next save. */
  notice = $state<string | null>(null);

  readonly dirty = $derived(JSON.stringify(this.form) !== this.savedForm);
  readonly spiked = $derived(this.current?.status === 'spiked');

  #queued: SaveKind | null = null;
  #api: DraftBackend;
  #on: DraftEvents;

  constructor(api: DraftBackend, on: DraftEvents) {
    this.#api = api;
    this.#on = on;
  }

  /** Shows article `a` (or a new, empty draft), as saved. */
  load(a: Article | null): void {
    this.current = a;
    this.form = a ? fromArticle(a) : emptyForm();
    this.savedForm = JSON.stringify(this.form);
    this.notice = null;
    this.loads += 1;
  }

  /**
   * Saves the form. While a save is under way, another request runs once when it ends (a Save wins
   * over an autosave). Nothing is saved without a title, in the trash, or while a conflict is open.
   * `base` overrides the revision the save is made from (after a conflict, to keep one's own).
   */
  async persist(kind: SaveKind, base?: number): Promise<void> {
    if (this.saving) {
      this.#queued = this.#queued === 'save' ? 'save' : kind;
      return;
    }
    if (this.spiked || this.conflict) return;
    if (!this.form.title.trim()) return;
    this.saving = true;
    const sent = JSON.stringify(this.form);
    const input = toInput($state.snapshot(this.form) as Form);
    const current = this.current;
    try {
      const a = current
        ? await this.#api.saveArticle(current.id, base ?? current.revision, input, kind)
        : await this.#api.createArticle(input);
      this.current = a;
      this.savedForm = sent;
      this.notice = null;
      await this.#on.saved?.(a);
    } catch (e) {
      const err = asBackendError(e);
      if (err.code === 'conflict') this.conflict = err.message;
      else this.#on.error(err);
    } finally {
      this.saving = false;
    }
    const next = this.#queued;
    this.#queued = null;
    if (next && this.dirty) await this.persist(next);
  }

  /** Conflict: merges one's text into the saved one (three-way); the result is shown, unsaved. */
  async resolveMerge(): Promise<void> {
    const a = this.current;
    if (!a) return;
    try {
      const m = await this.#api.merge(a.id, a.revision, toInput($state.snapshot(this.form) as Form));
      const latest = await this.#api.getArticle(a.id);
      this.conflict = null;
      this.current = latest;
      this.savedForm = JSON.stringify(fromArticle(latest));
      this.form = fromInput(m.input);
      this.#on.merged?.(m.conflicts);
    } catch (e) {
      this.#on.error(asBackendError(e));
    }
  }

  /** Conflict: saves one's own text over the other save (which stays in the history). */
  async resolveKeepMine(): Promise<void> {
    const a = this.current;
    if (!a) return;
    try {
      const latest = await this.#api.getArticle(a.id);
      this.conflict = null;
      await this.persist('save', latest.revision);
    } catch (e) {
      this.#on.error(asBackendError(e));
    }
  }

  /** Conflict: drops one's unsaved text and shows the saved article. */
  async resolveReload(): Promise<void> {
    const a = this.current;
    if (!a) return;
    try {
      const latest = await this.#api.getArticle(a.id);
      this.conflict = null;
      this.load(latest);
    } catch (e) {
      this.#on.error(asBackendError(e));
    }
  }
}
