// Dates as the portal writes them, always in Asia/Ho_Chi_Minh whatever the machine's zone.
import { i18n, type Locale } from './i18n.svelte';

const ZONE = 'Asia/Ho_Chi_Minh';

function parts(iso: string): Record<string, string> {
  const fmt = new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const out: Record<string, string> = {};
  for (const p of fmt.formatToParts(new Date(iso))) out[p.type] = p.value;
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A time as the window shows it, in its language's form: `02/12/2020 10:16` (Vietnamese, as the
 *  portal writes it), `2 Dec 2020, 10:16` (English). Always Hanoi time. */
export function portalTime(iso: string, locale: Locale = i18n.locale): string {
  const p = parts(iso);
  if (locale === 'en') return `${Number(p.day)} ${MONTHS[Number(p.month) - 1]} ${p.year}, ${p.hour}:${p.minute}`;
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** `10:16` */
export function clockTime(iso: string): string {
  const p = parts(iso);
  return `${p.hour}:${p.minute}`;
}

/** A `YYYY-MM-DD` day in Hanoi as the UTC instant it starts at; `nextDay` gives the next midnight. */
export function dayStart(day: string, nextDay = false): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const t = new Date(`${day}T00:00:00+07:00`);
  if (Number.isNaN(t.getTime())) return null;
  if (nextDay) t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString();
}

/** An instant as a `datetime-local` value in Hanoi time (`2020-12-02T10:16`). */
export function localInputValue(iso: string): string {
  const p = parts(iso);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** A `datetime-local` value read as Hanoi time (+07:00 since 1975), as a UTC instant; null if empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const t = new Date(`${value}:00+07:00`);
  return Number.isNaN(t.getTime()) ? null : t.toISOString().replace('.000Z', 'Z');
}
