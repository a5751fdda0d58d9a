import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import initSqlJs from 'sql.js';

/** The sample database's file, under SQLITE_ROOT. */
export const SAMPLE_FILE = 'sample-shop.db';

/** A small shop: each table and column says what it holds (SQLite's `--` convention). */
const DDL = `
CREATE TABLE categories (
  -- Product families shown in the shop's menu
  id INTEGER PRIMARY KEY, -- category number
  name TEXT NOT NULL UNIQUE -- label shown to customers
);
CREATE TABLE products (
  -- Everything the shop sells, with its current price
  id INTEGER PRIMARY KEY, -- product number (SKU)
  category_id INTEGER NOT NULL REFERENCES categories(id), -- family it is listed under
  name TEXT NOT NULL, -- product name
  unit_price NUMERIC(10, 2) NOT NULL -- current price per unit, tax included, in EUR
);
CREATE TABLE customers (
  -- People who created an account
  id INTEGER PRIMARY KEY, -- customer number
  email TEXT NOT NULL UNIQUE, -- login and contact address (personal data)
  full_name TEXT NOT NULL, -- name for invoices (personal data)
  country CHAR(2) NOT NULL, -- ISO 3166 country of the billing address
  signed_up_at TEXT NOT NULL -- when the account was created (ISO 8601)
);
CREATE TABLE orders (
  -- One row per checkout
  id INTEGER PRIMARY KEY, -- order number
  customer_id INTEGER NOT NULL REFERENCES customers(id), -- who placed it
  placed_at TEXT NOT NULL, -- when it was placed (ISO 8601)
  status TEXT NOT NULL -- placed, shipped, delivered or cancelled
);
CREATE TABLE order_items (
  -- The lines of an order: which product, how many, at what price
  order_id INTEGER NOT NULL REFERENCES orders(id), -- the order the line belongs to
  product_id INTEGER NOT NULL REFERENCES products(id), -- the product sold
  quantity INTEGER NOT NULL, -- units sold
  unit_price NUMERIC(10, 2) NOT NULL, -- price per unit when sold, tax included
  PRIMARY KEY (order_id, product_id)
);
CREATE TABLE payments (
  -- Money received for orders: amount paid by customers
  id INTEGER PRIMARY KEY, -- payment number
  order_id INTEGER NOT NULL REFERENCES orders(id), -- the order paid
  amount NUMERIC(10, 2) NOT NULL, -- amount paid, in EUR
  method TEXT NOT NULL, -- card, transfer or voucher
  paid_at TEXT NOT NULL -- when the money arrived (ISO 8601)
);
CREATE INDEX orders_customer ON orders (customer_id);
CREATE INDEX payments_order ON payments (order_id);
CREATE VIEW monthly_revenue AS
  SELECT substr(paid_at, 1, 7) AS month, sum(amount) AS revenue, count(*) AS payments
    FROM payments GROUP BY 1;
`;

const CATEGORIES = ['Coffee', 'Tea', 'Mugs', 'Grinders', 'Filters', 'Gift boxes'];
const COUNTRIES = ['FR', 'DE', 'NL', 'BE', 'ES', 'IT', 'GB', 'US'];
const STATUSES = ['placed', 'shipped', 'delivered', 'delivered', 'cancelled'];
const METHODS = ['card', 'card', 'transfer', 'voucher'];

/** The same rows on every machine: a small linear congruential generator, seeded. */
function generator(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
}

const day = (offset: number) => new Date(Date.UTC(2026, 0, 1) + offset * 86_400_000).toISOString();

/** The whole database, as SQLite file bytes. */
export async function sampleShopBytes(): Promise<Uint8Array> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  try {
    const next = generator(42);
    db.exec(DDL);
    db.exec('BEGIN');
    CATEGORIES.forEach((name, i) => db.run('INSERT INTO categories VALUES (?, ?)', [i + 1, name]));
    for (let id = 1; id <= 40; id += 1) {
      const category = (id % CATEGORIES.length) + 1;
      const price = (4 + next(60) + next(100) / 100).toFixed(2);
      db.run('INSERT INTO products VALUES (?, ?, ?, ?)', [
        id,
        category,
        `${CATEGORIES[category - 1]} no. ${id}`,
        price,
      ]);
    }
    for (let id = 1; id <= 100; id += 1) {
      db.run('INSERT INTO customers VALUES (?, ?, ?, ?, ?)', [
        id,
        `customer${id}@example.com`,
        `Customer ${id}`,
        COUNTRIES[next(COUNTRIES.length)]!,
        day(next(120)),
      ]);
    }
    for (let id = 1; id <= 300; id += 1) {
      const placed = 30 + next(300);
      const status = STATUSES[next(STATUSES.length)]!;
      db.run('INSERT INTO orders VALUES (?, ?, ?, ?)', [id, 1 + next(100), day(placed), status]);
      let total = 0;
      const lines = 1 + next(4);
      for (let line = 0; line < lines; line += 1) {
        const product = 1 + ((id * 7 + line * 11) % 40);
        const quantity = 1 + next(3);
        const price = (4 + ((product * 13) % 60) + 0.5).toFixed(2);
        total += quantity * Number(price);
        db.run('INSERT OR IGNORE INTO order_items VALUES (?, ?, ?, ?)', [
          id,
          product,
          quantity,
          price,
        ]);
      }
      if (status !== 'cancelled') {
        db.run('INSERT INTO payments VALUES (?, ?, ?, ?, ?)', [
          id,
          id,
          total.toFixed(2),
          METHODS[next(METHODS.length)]!,
          day(placed + next(3)),
        ]);
      }
    }
    db.exec('COMMIT');
    return db.export();
  } finally {
    db.close();
  }
}

/** Writes the sample database under `root` unless it is there; answers its file name. */
export async function ensureSampleShop(root: string): Promise<string> {
  const path = join(root, SAMPLE_FILE);
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await mkdir(root, { recursive: true });
    const partial = `${path}.${process.pid}.partial`;
    await writeFile(partial, await sampleShopBytes());
    await rename(partial, path);
  }
  return SAMPLE_FILE;
}
