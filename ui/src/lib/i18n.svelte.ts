// The UI's words, Vietnamese first. Components call t('key'); the language is kept between runs.

export type Locale = 'vi' | 'en';

const vi = {
  'app.name': 'Tòa soạn',
  'nav.label': 'Chức năng',
  'nav.articles': 'Bài viết',
  'nav.review': 'Chờ duyệt',
  'nav.photos': 'Ảnh',
  'nav.publish': 'Xuất bản',
  'nav.settings': 'Cài đặt',
  'nav.soon': 'sắp có',
  'lang.label': 'Ngôn ngữ',
  'articles.list': 'Danh sách bài viết',
  'articles.new': 'Bài viết mới',
  'articles.empty': 'Chưa có bài viết nào. Bấm “Bài viết mới” để bắt đầu.',
  'articles.untitled': '(chưa có tiêu đề)',
  'status.draft': 'Nháp',
  'articles.trash': 'Thùng rác',
  'search.label': 'Tìm bài viết',
  'history.title': 'Lịch sử',
  'history.list': 'Các bản đã lưu',
  'history.create': 'tạo mới',
  'history.save': 'lưu',
  'history.autosave': 'tự lưu',
  'history.restore': 'khôi phục',
  'history.compareWith': 'So với',
  'history.diff': 'Khác biệt',
  'history.same': 'Hai bản giống nhau.',
  'history.restoreThis': 'Khôi phục bản {n}',
  'search.placeholder': 'Tìm: có dấu hoặc không dấu',
  'search.none': 'Không có bài nào khớp.',
  'search.filters': 'Bộ lọc',
  'search.category': 'Lọc theo chuyên mục',
  'search.author': 'Lọc theo tác giả',
  'search.from': 'Từ ngày',
  'search.to': 'Đến ngày',
  'articles.trashEmpty': 'Thùng rác trống.',
  'articles.spike': 'Chuyển vào thùng rác',
  'articles.unspike': 'Khôi phục',
  'articles.delete': 'Xoá hẳn',
  'articles.deleteConfirm': 'Xoá hẳn bài “{title}” và toàn bộ lịch sử của nó? Không thể hoàn tác.',
  'status.spiked': 'Đã gỡ',
  'field.tags': 'Từ khoá',
  'field.source': 'Nguồn',
  'field.slug': 'Đường dẫn',
  'field.slug.hint': 'Để trống: tạo từ tiêu đề ({slug}).',
  'field.commaHint': 'Cách nhau bởi dấu phẩy',
  'editor.needsTitle': 'Cần tiêu đề để lưu',
  'editor.words': '{words} chữ · {minutes} phút đọc',
  'editor.revision': 'bản {n}',
  'conflict.title': 'Bài viết vừa được lưu ở nơi khác',
  'conflict.merge': 'Gộp',
  'conflict.mergeHint': 'ghép thay đổi của bạn với bản mới nhất; chỗ hai bên cùng sửa được giữ cả hai để bạn chọn.',
  'conflict.keepMine': 'Giữ bản của tôi',
  'conflict.keepMineHint': 'lưu bản của bạn thành bản mới; bản kia vẫn nằm trong lịch sử.',
  'conflict.reload': 'Tải bản mới nhất',
  'conflict.reloadHint': 'mở bản mới nhất; thay đổi chưa lưu của bạn bị bỏ.',
  'conflict.merged': 'Đã gộp. Hãy xem lại rồi lưu.',
  'conflict.mergedWithConflicts': 'Đã gộp, còn chỗ hai bên cùng sửa ở: {fields}. Hãy chọn giữa các dấu <<<<<<< và >>>>>>> rồi lưu.',
  'field.title': 'Tiêu đề',
  'field.lead': 'Sapo',
  'field.lead.hint': 'Tiền tố “(Haiphong.gov.vn) - ” được thêm khi xuất bản.',
  'field.body': 'Nội dung',
  'field.byline': 'Tác giả',
  'field.category': 'Chuyên mục',
  'editor.save': 'Lưu',
  'editor.saving': 'Đang lưu…',
  'editor.savedAt': 'Đã lưu lúc {time}',
  'editor.unsaved': 'Chưa lưu',
  'editor.newDraft': 'Bài mới, chưa lưu',
  'editor.export': 'Xuất HTML',
  'editor.exported': 'Đã xuất: {path}',
  'editor.preview': 'Xem trước',
  'editor.previewFrame': 'Bản xem trước theo giao diện cổng',
  'editor.shortcut': 'Ctrl+S để lưu',
  'error.title': 'Không thực hiện được',
  'error.close': 'Đóng',
  'footer.data': 'Dữ liệu: {dir}',
  'settings.title': 'Cài đặt',
  'settings.backup': 'Sao lưu toàn bộ tòa soạn',
  'settings.backup.hint': 'Một tệp chứa mọi bài viết, lịch sử và ảnh. Có thể sao lưu khi đang làm việc.',
  'settings.backup.path': 'Lưu bản sao lưu vào tệp',
  'settings.backup.run': 'Sao lưu',
  'settings.backup.running': 'Đang sao lưu…',
  'settings.backup.done': 'Đã sao lưu {n} bài viết vào {path}',
  'settings.restore': 'Khôi phục từ bản sao lưu',
  'settings.restore.hint': 'Dữ liệu hiện tại không bị xóa: nó được chuyển sang một thư mục riêng trong thư mục dữ liệu.',
  'settings.restore.path': 'Tệp sao lưu',
  'settings.restore.check': 'Kiểm tra tệp',
  'settings.restore.found': 'Bản sao lưu lúc {time}, {n} bài viết, phiên bản ứng dụng {version}.',
  'settings.restore.confirm': 'Khôi phục, thay dữ liệu hiện tại',
  'settings.restore.cancel': 'Thôi',
  'settings.restore.running': 'Đang khôi phục…',
  'settings.restore.done': 'Đã khôi phục {n} bài viết.',
  'settings.restore.aside': 'Dữ liệu trước đó được giữ ở {path}',
  'settings.data': 'Thư mục dữ liệu: {dir}',
  'settings.choose': 'Chọn…',
} as const;

export type Key = keyof typeof vi;

const en: Record<Key, string> = {
  'app.name': 'Tòa soạn',
  'nav.label': 'Sections',
  'nav.articles': 'Articles',
  'nav.review': 'Review queue',
  'nav.photos': 'Photos',
  'nav.publish': 'Publish',
  'nav.settings': 'Settings',
  'nav.soon': 'coming',
  'lang.label': 'Language',
  'articles.list': 'Article list',
  'articles.new': 'New article',
  'articles.empty': 'No articles yet. Press “New article” to start.',
  'articles.untitled': '(untitled)',
  'status.draft': 'Draft',
  'articles.trash': 'Trash',
  'search.label': 'Search articles',
  'history.title': 'History',
  'history.list': 'Saved revisions',
  'history.create': 'created',
  'history.save': 'saved',
  'history.autosave': 'autosaved',
  'history.restore': 'restored',
  'history.compareWith': 'Compare with',
  'history.diff': 'Differences',
  'history.same': 'The two revisions are the same.',
  'history.restoreThis': 'Restore revision {n}',
  'search.placeholder': 'Search, with or without marks',
  'search.none': 'No article matches.',
  'search.filters': 'Filters',
  'search.category': 'Filter by category',
  'search.author': 'Filter by author',
  'search.from': 'From',
  'search.to': 'To',
  'articles.trashEmpty': 'The trash is empty.',
  'articles.spike': 'Move to trash',
  'articles.unspike': 'Restore',
  'articles.delete': 'Delete for good',
  'articles.deleteConfirm': 'Delete “{title}” and all its history for good? This cannot be undone.',
  'status.spiked': 'Spiked',
  'field.tags': 'Keywords',
  'field.source': 'Source',
  'field.slug': 'Slug',
  'field.slug.hint': 'Empty: made from the title ({slug}).',
  'field.commaHint': 'Separated by commas',
  'editor.needsTitle': 'A title is needed to save',
  'editor.words': '{words} words · {minutes} min read',
  'editor.revision': 'revision {n}',
  'conflict.title': 'This article was just saved elsewhere',
  'conflict.merge': 'Merge',
  'conflict.mergeHint': 'combine your changes with the latest version; where both changed the same lines, both are kept for you to choose.',
  'conflict.keepMine': 'Keep mine',
  'conflict.keepMineHint': 'save yours as a new revision; the other stays in the history.',
  'conflict.reload': 'Load the latest',
  'conflict.reloadHint': 'open the latest version; your unsaved changes are dropped.',
  'conflict.merged': 'Merged. Review, then save.',
  'conflict.mergedWithConflicts': 'Merged; both sides changed: {fields}. Choose between the <<<<<<< and >>>>>>> markers, then save.',
  'field.title': 'Title',
  'field.lead': 'Lead',
  'field.lead.hint': 'The prefix “(Haiphong.gov.vn) - ” is added on export.',
  'field.body': 'Body',
  'field.byline': 'Byline',
  'field.category': 'Category',
  'editor.save': 'Save',
  'editor.saving': 'Saving…',
  'editor.savedAt': 'Saved at {time}',
  'editor.unsaved': 'Not saved',
  'editor.newDraft': 'New article, not saved',
  'editor.export': 'Export HTML',
  'editor.exported': 'Exported: {path}',
  'editor.preview': 'Preview',
  'editor.previewFrame': 'Preview in the portal’s look',
  'editor.shortcut': 'Ctrl+S to save',
  'error.title': 'Could not do that',
  'error.close': 'Close',
  'footer.data': 'Data: {dir}',
  'settings.title': 'Settings',
  'settings.backup': 'Back up the whole newsroom',
  'settings.backup.hint': 'One file with every article, its history and the photos. Safe while you work.',
  'settings.backup.path': 'Save the backup to file',
  'settings.backup.run': 'Back up',
  'settings.backup.running': 'Backing up…',
  'settings.backup.done': 'Backed up {n} articles to {path}',
  'settings.restore': 'Restore from a backup',
  'settings.restore.hint': 'The current data is not deleted: it is moved to a folder of its own in the data folder.',
  'settings.restore.path': 'Backup file',
  'settings.restore.check': 'Check the file',
  'settings.restore.found': 'Backup made {time}, {n} articles, app version {version}.',
  'settings.restore.confirm': 'Restore, replacing the current data',
  'settings.restore.cancel': 'Cancel',
  'settings.restore.running': 'Restoring…',
  'settings.restore.done': 'Restored {n} articles.',
  'settings.restore.aside': 'The previous data is kept in {path}',
  'settings.data': 'Data folder: {dir}',
  'settings.choose': 'Choose…',
};

const dictionaries: Record<Locale, Record<Key, string>> = { vi, en };
const STORAGE_KEY = 'toasoan.locale';

function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === 'vi' || saved === 'en') return saved;
  } catch {
    // No storage: stay with the default.
  }
  return 'vi';
}

export const i18n = $state({ locale: initialLocale() });

export function setLocale(locale: Locale): void {
  i18n.locale = locale;
  document.documentElement.lang = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Not kept between runs; still switched for this one.
  }
}

/** The text for `key` in the current language, with `{name}` placeholders filled from `vars`. */
export function t(key: Key, vars: Record<string, string> = {}): string {
  return translate(i18n.locale, key, vars);
}

export function translate(locale: Locale, key: Key, vars: Record<string, string> = {}): string {
  const text = dictionaries[locale][key] ?? vi[key];
  return text.replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);
}

export const dictionaryKeys = { vi: Object.keys(vi), en: Object.keys(en) };
