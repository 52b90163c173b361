import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { templatesDir } from '../config/paths';
import { registerViewHelpers } from '../lib/view-helpers';

/** Express view engine: templates/pages/<view>.hbs inside templates/layouts/<layout>.hbs, partials from templates/partials. */
export function createViewEngine(opts: { cache: boolean }) {
  const hbs = Handlebars.create();
  registerViewHelpers(hbs);
  const cache = new Map<string, Handlebars.TemplateDelegate>();

  const load = (file: string) => {
    const hit = opts.cache ? cache.get(file) : undefined;
    if (hit) return hit;
    const t = hbs.compile(fs.readFileSync(file, 'utf8'));
    cache.set(file, t);
    return t;
  };
  const registerPartials = () => {
    const dir = path.join(templatesDir, 'partials');
    for (const f of fs.readdirSync(dir)) {
      if (f.endsWith('.hbs')) hbs.registerPartial(path.basename(f, '.hbs'), fs.readFileSync(path.join(dir, f), 'utf8'));
    }
  };
  registerPartials();

  return (file: string, opts2: object, callback: (err: Error | null, html?: string) => void) => {
    const options = opts2 as Record<string, unknown>;
    try {
      if (!opts.cache) registerPartials();
      const body = load(file)(options);
      const layoutName = (options.layout as string | false | undefined) ?? 'main';
      if (layoutName === false) return callback(null, body);
      const layout = load(path.join(templatesDir, 'layouts', `${layoutName}.hbs`));
      callback(null, layout({ ...options, body }));
    } catch (err) {
      callback(err as Error);
    }
  };
}
