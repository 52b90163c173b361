import fs from 'node:fs';
import { loadConfig } from '../config';

/** `npm run reset`: deletes ./data (the database and the Temporal dev server's history). */
const config = loadConfig();
if (config.databaseClient !== 'sqlite3') {
  console.error('reset only wipes the local ./data folder; drop a PostgreSQL database by hand.');
}
fs.rmSync(config.dataDir, { recursive: true, force: true });
console.log(`removed ${config.dataDir}`);
