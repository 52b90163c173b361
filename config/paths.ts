import fs from 'node:fs';
import path from 'node:path';

/** The repository root, whether running from source (ts-jest) or from dist/. */
export const projectRoot: string = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
})();

/** templates/ (handlebars pages, partials and notices). */
export const templatesDir = path.join(projectRoot, 'templates');
