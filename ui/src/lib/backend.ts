// The UI's only door to Rust: every command the app offers, typed from the generated bindings.
// No other file imports @tauri-apps/api.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { open as openDialog, save as saveDialog } from '@tauri-apps/plugin-dialog';
import type { AppInfo } from './bindings/AppInfo';
import type { Article } from './bindings/Article';
import type { ArticleInput } from './bindings/ArticleInput';
import type { ArticleSummary } from './bindings/ArticleSummary';
import type { CommandError } from './bindings/CommandError';
import type { ErrorCode } from './bindings/ErrorCode';
import { i18n, type Locale } from './i18n.svelte';
import type { FieldDiff } from './bindings/FieldDiff';
import type { Figure } from './bindings/Figure';
import type { FigureChange } from './bindings/FigureChange';
import type { Imported } from './bindings/Imported';
import type { ImportSummary } from './bindings/ImportSummary';
import type { WordImport } from './bindings/WordImport';
import type { FileToOpen } from './bindings/FileToOpen';
import type { LineEdit } from './bindings/LineEdit';
import type { Manifest } from './bindings/Manifest';
import type { Merge } from './bindings/Merge';
import type { Photo } from './bindings/Photo';
import type { Progress } from './bindings/Progress';
import type { Restored } from './bindings/Restored';
import type { Revision } from './bindings/Revision';
import type { RevisionInfo } from './bindings/RevisionInfo';
import type { SaveKind } from './bindings/SaveKind';
import type { SearchHit } from './bindings/SearchHit';
import type { SearchQuery } from './bindings/SearchQuery';
import type { SnippetPart } from './bindings/SnippetPart';
import type { Status } from './bindings/Status';
import type { BatchItem } from './bindings/BatchItem';
import type { BatchProgress } from './bindings/BatchProgress';
import type { CheckInfo } from './bindings/CheckInfo';
import type { CheckItem } from './bindings/CheckItem';
import type { Checklist } from './bindings/Checklist';
import type { Exported } from './bindings/Exported';
import type { Level } from './bindings/Level';
import type { Profile } from './bindings/Profile';
import type { Action } from './bindings/Action';
import type { Actor } from './bindings/Actor';
import type { Comment } from './bindings/Comment';
import type { LogEntry } from './bindings/LogEntry';
import type { NewComment } from './bindings/NewComment';
import type { ReviewDiff } from './bindings/ReviewDiff';
import type { Role } from './bindings/Role';
import type { Session } from './bindings/Session';
import type { User } from './bindings/User';
import type { BundleImported } from './bindings/BundleImported';
import type { ServerState } from './bindings/ServerState';
import type { NewsroomView } from './bindings/NewsroomView';
import type { Address } from './bindings/Address';
import type { Left } from './bindings/Left';
import type { Tested } from './bindings/Tested';
import type { Overview } from './bindings/Overview';
import type { Pending } from './bindings/Pending';
import type { KeyView } from './bindings/KeyView';
import type { Moved } from './bindings/Moved';
import type { Divergence } from './bindings/Divergence';
import type { Merged } from './bindings/Merged';
import type { Pasted } from './bindings/Pasted';
import type { Misspelling } from './bindings/Misspelling';
import type { TextCheck } from './bindings/TextCheck';
import type { ToneStyle } from './bindings/ToneStyle';
import type { ProfileEntry } from './bindings/ProfileEntry';

export type {
  AppInfo,
  Article,
  ArticleInput,
  ArticleSummary,
  CommandError,
  ErrorCode,
  FieldDiff,
  Figure,
  FigureChange,
  Imported,
  ImportSummary,
  WordImport,
  LineEdit,
  Manifest,
  Merge,
  Photo,
  Progress,
  Restored,
  Revision,
  RevisionInfo,
  SaveKind,
  SearchHit,
  SearchQuery,
  SnippetPart,
  Status,
  BatchItem,
  BatchProgress,
  CheckInfo,
  CheckItem,
  Checklist,
  Exported,
  Level,
  Profile,
  ProfileEntry,
  Action,
  Actor,
  Comment,
  LogEntry,
  NewComment,
  ReviewDiff,
  Role,
  Session,
  User,
  BundleImported,
  ServerState,
  NewsroomView,
  Address,
  Left,
  Tested,
  Overview,
  Pending,
  KeyView,
  Moved,
  Divergence,
  Merged,
  Pasted,
  Misspelling,
  TextCheck,
  ToneStyle,
};

/** A command's failure: `code` (the core's `ErrorCode`) to branch on, `message` to show. */
export class BackendError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Turns whatever a rejected invoke carries into a BackendError, its message in `locale` (the UI's
 * language unless told): a CommandError carries it in Vietnamese and in English.
 */
export function toBackendError(e: unknown, locale: Locale = i18n.locale): BackendError {
  if (e instanceof BackendError) return e;
  if (typeof e === 'object' && e !== null && 'code' in e && 'message' in e) {
    const ce = e as CommandError;
    const message = locale === 'en' && ce.message_en ? ce.message_en : ce.message;
    return new BackendError(ce.code, String(message));
  }
  return new BackendError('internal', typeof e === 'string' ? e : String(e));
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toBackendError(e);
  }
}

export const backend = {
  searchArticles: (query: SearchQuery) => call<SearchHit[]>('search_articles', { query }),
  getArticle: (id: string) => call<Article>('get_article', { id }),
  createArticle: (input: ArticleInput) => call<Article>('create_article', { input }),
  saveArticle: (id: string, baseRevision: number, input: ArticleInput, kind: SaveKind) =>
    call<Article>('save_article', { id, baseRevision, input, kind }),
  spikeArticle: (id: string) => call<Article>('spike_article', { id }),
  retoneArticle: (id: string) => call<Article>('retone_article', { id }),
  convertPaste: (html: string | null, text: string) => call<Pasted>('convert_paste', { html, text }),
  checkText: (text: string) => call<TextCheck>('check_text', { text }),
  addToDictionary: (word: string) => call<number>('add_to_dictionary', { word }),
  unspikeArticle: (id: string) => call<Article>('unspike_article', { id }),
  deleteArticle: (id: string) => call<null>('delete_article', { id }),
  history: (id: string) => call<RevisionInfo[]>('article_history', { id }),
  revision: (id: string, number: number) => call<Revision>('article_revision', { id, number }),
  diff: (id: string, from: number, to: number) => call<FieldDiff[]>('diff_revisions', { id, from, to }),
  restore: (id: string, number: number) => call<Article>('restore_revision', { id, number }),
  merge: (id: string, baseRevision: number, input: ArticleInput) =>
    call<Merge>('merge_article', { id, baseRevision, input }),
  exportArticle: (id: string) => call<Exported>('export_article', { id }),
  exportArticles: (ids: string[]) => call<BatchItem[]>('export_articles', { ids }),
  /** Calls `on` after each article of a batch export. Returns a function that stops listening. */
  onExportProgress: async (on: (p: BatchProgress) => void): Promise<() => void> =>
    listen<BatchProgress>('export://progress', (e) => on(e.payload)),
  checkArticle: (id: string) => call<Checklist>('check_article', { id }),
  copyPackageHtml: (folder: string) => call<number>('copy_package_html', { folder }),
  openPackageFolder: (folder: string) => call<null>('open_package_folder', { folder }),
  checkDefinitions: () => call<CheckInfo[]>('check_definitions'),
  listProfiles: () => call<ProfileEntry[]>('list_profiles'),
  saveProfile: (profile: Profile) => call<null>('save_profile', { profile }),
  setDefaultProfile: (id: string) => call<null>('set_default_profile', { id }),
  removeProfile: (id: string) => call<null>('remove_profile', { id }),
  importProfile: (path: string) => call<Profile>('import_profile', { path }),
  exportProfile: (id: string, path: string) => call<null>('export_profile', { id, path }),
  previewArticle: (id: string | null, input: ArticleInput) =>
    call<string>('preview_article', { id, input }),
  importPhotos: (paths: string[]) => call<Imported[]>('import_photos', { paths }),
  /** A photo given as bytes (pasted, or from the page's file field). */
  importPhotoBytes: async (name: string, bytes: Uint8Array): Promise<Photo> => {
    try {
      return await invoke<Photo>('import_photo_bytes', bytes, {
        headers: { 'x-file-name': encodeURIComponent(name) },
      });
    } catch (e) {
      throw toBackendError(e);
    }
  },
  attachFigure: (id: string, hash: string, change: FigureChange) =>
    call<number>('attach_figure', { id, hash, change }),
  articleFigures: (id: string) => call<Figure[]>('article_figures', { id }),
  setFigureMeta: (id: string, n: number, change: FigureChange) =>
    call<null>('set_figure_meta', { id, n, change }),
  detachFigure: (id: string, n: number) => call<null>('detach_figure', { id, n }),
  figureLine: (n: number, alt: string, caption: string) => call<string>('figure_line', { n, alt, caption }),
  figureLineEdit: (body: string, n: number, alt: string, caption: string) =>
    call<LineEdit | null>('figure_line_edit', { body, n, alt, caption }),
  photoThumbnail: (hash: string) => call<string>('photo_thumbnail', { hash }),
  captionSuggestions: (typed: string) => call<string[]>('caption_suggestions', { typed }),
  libraryPhotos: (typed: string) => call<Photo[]>('library_photos', { typed }),
  describePhoto: (hash: string, description: string, credit: string, copyright: string) =>
    call<Photo>('describe_photo', { hash, description, credit, copyright }),
  /** The native "open" dialog for photos, titled `title`; the chosen paths (none if cancelled). */
  pickPhotoPaths: async (title: string): Promise<string[]> => {
    try {
      const picked = await openDialog({
        title,
        multiple: true,
        directory: false,
        filters: [{ name: 'Ảnh', extensions: ['jpg', 'jpeg', 'png', 'webp', 'JPG', 'JPEG', 'PNG', 'WEBP'] }],
      });
      if (picked === null) return [];
      return Array.isArray(picked) ? picked : [picked];
    } catch (e) {
      throw toBackendError(e);
    }
  },
  /** The native "open" dialog for a Word file, titled `title`; its path, or null if cancelled. */
  pickWordPath: async (title: string): Promise<string | null> => {
    try {
      const picked = await openDialog({
        title,
        multiple: false,
        directory: false,
        filters: [{ name: 'Word', extensions: ['docx', 'DOCX'] }],
      });
      return typeof picked === 'string' ? picked : null;
    } catch (e) {
      throw toBackendError(e);
    }
  },
  /** Makes a draft of the Word file at `path`: its text, pictures as figures, captions. */
  importWord: (path: string) => call<WordImport>('import_word', { path }),
  /** Calls `on` after each file of an import. Returns a function that stops listening. */
  onPhotoProgress: async (on: (p: Progress) => void): Promise<() => void> =>
    listen<Progress>('photos://progress', (e) => on(e.payload)),
  /** Calls `on` with the paths of files dropped on the window. Returns a function that stops listening. */
  onFilesDropped: async (on: (paths: string[]) => void): Promise<() => void> =>
    getCurrentWebview().onDragDropEvent((e) => {
      if (e.payload.type === 'drop') on(e.payload.paths);
    }),
  defaultBackupPath: () => call<string>('default_backup_path'),
  backup: (out: string) => call<Manifest>('backup_newsroom', { out }),
  readBackup: (file: string) => call<Manifest>('read_backup', { file }),
  restoreBackup: (file: string) => call<Restored>('restore_newsroom', { file }),
  appInfo: () => call<AppInfo>('app_info'),
  /** Files the app was asked to open (its command line, a second launch), oldest first; taken once. */
  takeOpenedFiles: () => call<FileToOpen[]>('take_opened_files'),
  /** Calls `on` when files wait to be opened (a second launch named them). Returns a function that stops listening. */
  onFilesOpened: async (on: () => void): Promise<() => void> => listen('app://files-opened', () => on()),
  /** Now as running text writes it ("Chiều 27/11"), in the portal's zone. */
  runningDate: () => call<string>('running_date'),
  session: () => call<Session>('session'),
  signIn: (name: string, pin: string | null) => call<Session>('sign_in', { name, pin }),
  signOut: () => call<Session>('sign_out'),
  addUser: (name: string, role: Role, pin: string | null) => call<Session>('add_user', { name, role, pin }),
  setUserRole: (name: string, role: Role) => call<Session>('set_user_role', { name, role }),
  /** A new PIN for `name`, or none with null. */
  setUserPin: (name: string, pin: string | null) => call<Session>('set_user_pin', { name, pin }),
  removeUser: (name: string) => call<Session>('remove_user', { name }),
  workflowStep: (id: string, action: Action, note: string) => call<Article>('workflow_step', { id, action, note }),
  articleLog: (id: string) => call<LogEntry[]>('article_log', { id }),
  listComments: (id: string) => call<Comment[]>('list_comments', { id }),
  addComment: (id: string, comment: NewComment) => call<Comment>('add_comment', { id, comment }),
  resolveComment: (comment: number, resolved: boolean) => call<null>('resolve_comment', { comment, resolved }),
  reviewDiff: (id: string) => call<ReviewDiff>('review_diff', { id }),
  exportBundle: (id: string, path: string) => call<null>('export_bundle', { id, path }),
  importBundle: (path: string) => call<BundleImported>('import_bundle', { path }),
  articleDivergence: (id: string) => call<Divergence | null>('article_divergence', { id }),
  mergeVersions: (id: string) => call<Merged>('merge_versions', { id }),
  serverState: () => call<ServerState>('server_state'),
  /**
   * Joins the data folder to the newsroom server; the password stays in memory while the app runs.
   * With `newPassword`, `password` is the first one an admin gave, replaced by `newPassword` first
   * (a join with a first password fails with `password_change`). With `keep`, the password goes to
   * the OS's password store as well (a store that refuses is said in `kept_note`; the join stands).
   */
  serverConnect: (address: Address, user: string, password: string, newPassword: string | null = null, keep = false) =>
    call<ServerState>('server_connect', { address, user, password, newPassword, keep }),
  /** "Kiểm tra kết nối": tries the address as `user`, joining nothing. */
  serverTest: (address: Address, user: string, password: string) =>
    call<Tested>('server_test', { address, user, password }),
  /** Leaves the server: the folder's work stays; what was not sent is counted. */
  serverLeave: () => call<Left>('server_leave'),
  /** The server moved: follow it to `address` (the same newsroom). */
  serverMove: (address: Address) => call<ServerState>('server_move', { address }),
  /** The native "open" dialog for a CA certificate file; its path, or null if cancelled. */
  pickCaFile: (title: string): Promise<string | null> => backend.pickOpenPath(title, ['pem', 'crt', 'cer']),
  /** Changes this person's password on the server (`old` is the current one, or the first one). */
  serverChangePassword: (old: string, next: string) =>
    call<ServerState>('server_change_password', { old, new: next }),
  /** An admin's view of the newsroom: people, keys waiting, registered keys. */
  newsroomView: () => call<NewsroomView>('newsroom_view'),
  /** Adds a person with a first password they must replace at their first sign-in. */
  newsroomAddPerson: (name: string, role: Role, password: string) =>
    call<NewsroomView>('newsroom_add_person', { name, role, password }),
  newsroomSetRole: (name: string, role: Role) => call<NewsroomView>('newsroom_set_role', { name, role }),
  /** A new first password for `name` (forgotten, or a lost laptop): their sessions end. */
  newsroomResetPassword: (name: string, password: string) =>
    call<NewsroomView>('newsroom_reset_password', { name, password }),
  newsroomRemovePerson: (name: string) => call<NewsroomView>('newsroom_remove_person', { name }),
  /** Registers `person`'s pending key once the fingerprints read aloud match. */
  newsroomRegisterKey: (person: string, keyId: string) =>
    call<NewsroomView>('newsroom_register_key', { person, keyId }),
  newsroomDismissKey: (person: string, keyId: string) =>
    call<NewsroomView>('newsroom_dismiss_key', { person, keyId }),
  /** Revokes a key (a lost laptop): its approvals stop counting, its person's sessions end. */
  newsroomRevokeKey: (keyId: string) => call<NewsroomView>('newsroom_revoke_key', { keyId }),
  /**
   * The password of the folder's person, asked once after the app starts; `keep` puts it in the OS's
   * password store (unticked: a kept one is taken out).
   */
  serverUnlock: (password: string, keep: boolean) => call<ServerState>('server_unlock', { password, keep }),
  /** "Giữ mật khẩu trên máy này" ticked or unticked once the password was given. */
  serverKeepPassword: (keep: boolean) => call<ServerState>('server_keep_password', { keep }),
  serverSyncNow: () => call<ServerState>('server_sync_now'),
  /** Calls `on` after each background sync. Returns a function that stops listening. */
  onServerState: (on: (s: ServerState) => void): Promise<() => void> =>
    listen<ServerState>('server://state', (e) => on(e.payload)),
  /** The native "save as" dialog, titled `title` (what it saves); the chosen path, or null if cancelled. */
  pickSavePath: async (title: string, defaultPath: string, extension: string): Promise<string | null> => {
    try {
      return await saveDialog({ title, defaultPath, filters: [{ name: extension, extensions: [extension] }] });
    } catch (e) {
      throw toBackendError(e);
    }
  },
  /** The native "open" dialog for one file of `extensions` (one or several), titled `title`; its path, or null if cancelled. */
  pickOpenPath: async (title: string, extensions: string | string[]): Promise<string | null> => {
    const list = typeof extensions === 'string' ? [extensions] : extensions;
    try {
      const picked = await openDialog({
        title,
        multiple: false,
        directory: false,
        filters: [{ name: list.join(', '), extensions: list }],
      });
      return typeof picked === 'string' ? picked : null;
    } catch (e) {
      throw toBackendError(e);
    }
  },
  /**
   * Runs `save` when the window is asked to close, then closes it. The app closes the window anyway
   * a few seconds later if `save` hangs. Returns a function that stops listening.
   */
  onCloseRequested: async (save: () => Promise<void>): Promise<() => void> =>
    listen('app://close-requested', async () => {
      try {
        await save();
      } finally {
        await invoke('close_window');
      }
    }),
};
