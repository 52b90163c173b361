import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { templatesDir } from '../config/paths';
import { registerViewHelpers } from './view-helpers';

const engine = Handlebars.create();
registerViewHelpers(engine);
// The letter layout (window-envelope address, 文書番号, （公印省略）) every notice is written in.
const partialsDir = path.join(templatesDir, 'notices', 'partials');
for (const file of fs.readdirSync(partialsDir)) {
  if (file.endsWith('.hbs'))
    engine.registerPartial(path.basename(file, '.hbs'), fs.readFileSync(path.join(partialsDir, file), 'utf8'));
}
const compiled = new Map<string, Handlebars.TemplateDelegate>();

/**
 * Renders templates/notices/<name>.hbs with the shared view helpers (和暦 dates, labels) and the letter partial. Here rather than in
 * activities/ because the web issues notices too (認定取消通知書), and web/ does not import activities.
 */
export function renderNoticeHtml(name: string, data: Record<string, unknown>): string {
  let template = compiled.get(name);
  if (!template) {
    const file = path.join(templatesDir, 'notices', `${name}.hbs`);
    template = engine.compile(fs.readFileSync(file, 'utf8'), { strict: false });
    compiled.set(name, template);
  }
  return template(data);
}
