process.chdir('/work/main');
const { createTestDatabase } = require('./dist/tests/support/database');
const { seedReferenceData } = require('./dist/src/seed/seed.service');
const { generateCorpus } = require('./dist/src/corpus/corpus.generator');
const { Ingestor } = require('./dist/src/ingest/ingest.service');
const { parseJsonRecord } = require('./dist/src/ingest/record-parser');
const QR = process.env.TEST_DATABASE_URL ? require('typeorm/driver/postgres/PostgresQueryRunner').PostgresQueryRunner : require('typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner').BetterSqlite3QueryRunner;
const times = new Map();
const orig = QR.prototype.query;
QR.prototype.query = async function (q, p, s) { const t = performance.now(); try { return await orig.call(this, q, p, s); } finally { const k = q.replace(/\$\d+/g,'').slice(0, 50); times.set(k, (times.get(k) || 0) + performance.now() - t); } };
(async () => {
  const d = await createTestDatabase(); await seedReferenceData(d.db);
  const ing = await Ingestor.open(d.db, { workers: 1 });
  const records = [...generateCorpus({ count: 5000, seed: 3 })].map((r, i) => ({ source: String(i), article: parseJsonRecord(r) }));
  const t0 = performance.now();
  let prep = ing.prepare(records.slice(0, 500));
  for (let i = 500; i <= records.length; i += 500) { const cur = await prep; prep = i < records.length ? ing.prepare(records.slice(i, i + 500)) : null; await ing.commit(cur); if (!prep) break; }
  const total = performance.now() - t0;
  console.log('total', total.toFixed(0), 'ms', (5000 / total * 1000).toFixed(0), '/s');
  let sum = 0; for (const v of times.values()) sum += v; console.log('db total', sum.toFixed(0));
  for (const [k, v] of [...times].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(v.toFixed(0).padStart(7), k);
  await ing.close(); await d.drop();
})();
