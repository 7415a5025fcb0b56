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
