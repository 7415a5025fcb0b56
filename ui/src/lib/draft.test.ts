import { describe, expect, it } from 'vitest';
import type { Article, ArticleInput, Merge, SaveKind } from './backend';
import { BackendError } from './backend';
import { Draft, type DraftBackend } from './draft.svelte';

const article = (id: string, revision: number, input: Partial<ArticleInput> = {}): Article => ({
  id,
  title: input.title ?? 'Tiêu đề',
  lead: input.lead ?? '',
  body: input.body ?? '',
  authors: input.authors ?? [],
  category: input.category ?? '',
  tags: input.tags ?? [],
  source: input.source ?? '',
  slug: 'tieu-de',
  slug_manual: false,
  status: 'draft',
  scheduled_at: null,
  created_at: '2026-11-30T01:00:00.000Z',
  updated_at: '2026-11-30T01:00:00.000Z',
  revision,
  word_count: 2,
  reading_minutes: 1,
});

/** A backend that records calls and answers when told, like a slow disk. */
class Fake implements DraftBackend {
  calls: { what: string; base?: number; kind?: SaveKind; title?: string }[] = [];
  revision = 1;
  conflictNext = false;
  failNext: BackendError | null = null;
  #waiting: (() => void)[] = [];
  hold = false;

  async #gate(): Promise<void> {
    if (this.hold) await new Promise<void>((r) => this.#waiting.push(r));
  }
  release(): void {
    this.hold = false;
    for (const r of this.#waiting.splice(0)) r();
  }
  async createArticle(input: ArticleInput): Promise<Article> {
    this.calls.push({ what: 'create', title: input.title });
    await this.#gate();
    return article('a1', this.revision, input);
  }
  async saveArticle(id: string, base: number, input: ArticleInput, kind: SaveKind): Promise<Article> {
    this.calls.push({ what: 'save', base, kind, title: input.title });
    await this.#gate();
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
    if (this.conflictNext || base !== this.revision) {
      this.conflictNext = false;
      throw new BackendError('conflict', `Bài đã được lưu ở nơi khác (bản ${base}, hiện là ${this.revision}).`);
    }
    this.revision += 1;
    return article(id, this.revision, input);
  }
  async getArticle(id: string): Promise<Article> {
    this.calls.push({ what: 'get' });
    return article(id, this.revision, { title: 'Bản của người khác' });
  }
  async merge(_id: string, base: number, input: ArticleInput): Promise<Merge> {
    this.calls.push({ what: 'merge', base });
    return { input: { ...input, title: `${input.title} (gộp)` }, revision: this.revision, conflicts: ['lead'] };
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));

function draft(api: Fake) {
  const errors: BackendError[] = [];
  const saved: Article[] = [];
  const merged: string[][] = [];
  const d = new Draft(api, {
    error: (e) => errors.push(e),
    saved: (a) => {
      saved.push(a);
    },
    merged: (c) => merged.push(c),
  });
  return { d, errors, saved, merged };
}

/** A draft of revision 1 whose autosave met revision 2, saved elsewhere meanwhile. */
async function conflicted() {
  const api = new Fake();
  const made = draft(api);
  made.d.load(article('a1', 1));
  api.revision = 2;
  made.d.form.title = 'Bản của tôi';
  await made.d.persist('autosave');
  expect(made.d.conflict).not.toBeNull();
  return { api, ...made };
}

describe('the open draft', () => {
  it('counts a new document at each load, never at a save (the editor keeps its undo through saves)', async () => {
    const api = new Fake();
    const { d } = draft(api);
    const before = d.loads;
    d.load(null);
    expect(d.loads).toBe(before + 1);
    d.form.title = 'Cầu Hoàng Văn Thụ';
    await d.persist('autosave');
    await d.persist('save');
    expect(api.calls.map((c) => c.what)).toEqual(['create', 'save']);
    expect(d.loads).toBe(before + 1);
    d.load(article('a2', 3));
    expect(d.loads).toBe(before + 2);
  });

  it('is not saved without a title, then is created once it has one', async () => {
    const api = new Fake();
    const { d, saved } = draft(api);
    d.form.body = 'Nội dung';
    expect(d.dirty).toBe(true);
    await d.persist('autosave');
    expect(api.calls).toEqual([]);
    d.form.title = 'Cầu Hoàng Văn Thụ';
    await d.persist('autosave');
    expect(api.calls.map((c) => c.what)).toEqual(['create']);
    expect(d.current?.id).toBe('a1');
    expect(d.dirty).toBe(false);
    expect(saved).toHaveLength(1);
  });

  it('queues one more save while a save is under way, and a Save wins over an autosave', async () => {
    const api = new Fake();
    const { d } = draft(api);
    d.load(article('a1', 1));
    d.form.body = 'một';
    api.hold = true;
    const first = d.persist('autosave');
    await tick();
    expect(d.saving).toBe(true);
    d.form.body = 'một hai';
    void d.persist('save');
    d.form.body = 'một hai ba';
    void d.persist('autosave');
    api.release();
    await first;
    // The first save, then one more carrying the latest text, as a Save, from the new revision.
    const saves = api.calls.filter((c) => c.what === 'save');
    expect(saves.map((c) => [c.kind, c.base])).toEqual([
      ['autosave', 1],
      ['save', 2],
    ]);
    expect(d.current?.revision).toBe(3);
    expect(d.dirty).toBe(false);
  });

  it('stops at a conflict and saves nothing more until it is resolved', async () => {
    const api = new Fake();
    const { d, errors } = draft(api);
    d.load(article('a1', 1));
    api.revision = 2; // someone else saved revision 2 meanwhile
    d.form.body = 'của tôi';
    await d.persist('autosave');
    expect(d.conflict).toContain('bản 1');
    expect(errors).toEqual([]);
    d.form.body = 'của tôi, sửa thêm';
    await d.persist('save');
    expect(api.calls.filter((c) => c.what === 'save')).toHaveLength(1);
    expect(d.dirty).toBe(true); // nothing typed is lost
  });

  it('keeps one’s own text over the other save when asked', async () => {
    const { api, d } = await conflicted();
    await d.resolveKeepMine();
    expect(d.conflict).toBeNull();
    const last = api.calls.filter((c) => c.what === 'save').at(-1);
    expect(last).toEqual({ what: 'save', base: 2, kind: 'save', title: 'Bản của tôi' });
    expect(d.current?.revision).toBe(3);
    expect(d.dirty).toBe(false);
  });

  it('merges: the merged text is shown unsaved, on top of the other save', async () => {
    const { d, merged } = await conflicted();
    await d.resolveMerge();
    expect(d.conflict).toBeNull();
    expect(d.current?.revision).toBe(2);
    expect(d.form.title).toBe('Bản của tôi (gộp)');
    expect(d.dirty).toBe(true);
    expect(merged).toEqual([['lead']]);
  });

  it('reloads: one’s unsaved text is dropped for the saved article', async () => {
    const { d } = await conflicted();
    await d.resolveReload();
    expect(d.conflict).toBeNull();
    expect(d.form.title).toBe('Bản của người khác');
    expect(d.dirty).toBe(false);
  });

  it('reports other failures and keeps the text unsaved', async () => {
    const api = new Fake();
    const { d, errors } = draft(api);
    d.load(article('a1', 1));
    api.failNext = new BackendError('forbidden', 'Vai trò cán bộ đăng tin không được sửa bài.');
    d.form.body = 'sửa';
    await d.persist('save');
    expect(errors.map((e) => e.code)).toEqual(['forbidden']);
    expect(d.conflict).toBeNull();
    expect(d.dirty).toBe(true);
  });

  it('does not save an article in the trash', async () => {
    const api = new Fake();
    const { d } = draft(api);
    d.load({ ...article('a1', 1), status: 'spiked' });
    d.form.body = 'sửa';
    await d.persist('save');
    expect(api.calls).toEqual([]);
  });
});
