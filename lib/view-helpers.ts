import type Handlebars from 'handlebars';
import {
  formatJapaneseDate,
  formatWareki,
  formatWarekiDateTime,
  formatWarekiShort,
  parseDateInput,
} from '../domain/dates';
import {
  applicationTypeLabel,
  careLevelLabel,
  officeKindLabel,
  postponementReasonLabel,
  roleLabel,
  slaStateLabel,
  caseStageLabel,
} from '../domain/glossary';

type Labeler = (code: never) => string;

function safeLabel(fn: Labeler) {
  return (code: unknown) => (typeof code === 'string' && code ? fn(code as never) : '');
}

/** Registers the helpers every page and notice uses: 和暦 dates, code labels, simple comparisons. */
export function registerViewHelpers(hbs: typeof Handlebars): void {
  hbs.registerHelper('wareki', (d: unknown) => (typeof d === 'string' && d ? formatWareki(d.slice(0, 10)) : ''));
  hbs.registerHelper('warekiShort', (d: unknown) =>
    typeof d === 'string' && d ? formatWarekiShort(d.slice(0, 10)) : '',
  );
  hbs.registerHelper('jpDate', (d: unknown) => (typeof d === 'string' && d ? formatJapaneseDate(d.slice(0, 10)) : ''));
  // Every timestamp a person reads, in 和暦 and Japan time: 令和8年12月4日 23:31.
  hbs.registerHelper('dateTime', (iso: unknown) => {
    if (typeof iso !== 'string' || !iso) return '';
    const t = Date.parse(iso);
    return Number.isNaN(t) ? iso : formatWarekiDateTime(t);
  });
  hbs.registerHelper('careLevel', safeLabel(careLevelLabel as Labeler));
  hbs.registerHelper('applicationType', safeLabel(applicationTypeLabel as Labeler));
  hbs.registerHelper('stage', safeLabel(caseStageLabel as Labeler));
  hbs.registerHelper('slaState', safeLabel(slaStateLabel as Labeler));
  hbs.registerHelper('postponementReason', safeLabel(postponementReasonLabel as Labeler));
  hbs.registerHelper('role', safeLabel(roleLabel as Labeler));
  hbs.registerHelper('officeKind', safeLabel(officeKindLabel as Labeler));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('yen', (n: unknown) => (typeof n === 'number' ? `${n.toLocaleString('ja-JP')}円` : ''));
  // The 和暦 shown beside a date input for what it holds (an IsoDate, or 「R8.12.4」 kept from a rejected post).
  hbs.registerHelper('dateInputWareki', (v: unknown) => {
    const iso = typeof v === 'string' && v ? parseDateInput(v) : null;
    return iso ? formatWareki(iso) : '';
  });
  // aria-describedby and aria-invalid of a field: its hint, its 和暦 and its error, by the IDs the field partials give.
  hbs.registerHelper('fieldAria', (id: unknown, options: Handlebars.HelperOptions) => {
    const h = options.hash as { hint?: unknown; error?: unknown; date?: unknown };
    const ids = [
      h.hint ? `${String(id)}-hint` : '',
      h.date ? `${String(id)}-format ${String(id)}-wareki` : '',
      h.error ? `${String(id)}-error` : '',
    ].filter(Boolean);
    const described = ids.length ? ` aria-describedby="${hbs.escapeExpression(ids.join(' '))}"` : '';
    return new hbs.SafeString(`${described}${h.error ? ' aria-invalid="true"' : ''}`);
  });
  // Radio and select options from pairs written in a template: (choices "new" "新規" "change" "変更").
  hbs.registerHelper('choices', (...args: unknown[]) => {
    const pairs = args.slice(0, -1).map(String);
    const out: { value: string; label: string }[] = [];
    for (let i = 0; i + 1 < pairs.length; i += 2) out.push({ value: pairs[i], label: pairs[i + 1] });
    return out;
  });
  hbs.registerHelper('json', (v: unknown) => JSON.stringify(v, null, 2));
}
