// IndexedDB: the configuration with its signed documents, the place learned from its place code, the
// clock correction, and the check-in queue. One database, small promise helpers, no library.
const DB_NAME = 'greenlight-checkpoint';
const DB_VERSION = 1;

export type StoreName = 'settings' | 'queue';

let dbPromise: Promise<IDBDatabase> | null = null;

export function openStore(): Promise<IDBDatabase> {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('settings')) db.createObjectStore('settings');
        if (!db.objectStoreNames.contains('queue')) {
          const q = db.createObjectStore('queue', { keyPath: 'clientId' });
          q.createIndex('time', 'time');
          q.createIndex('synced', 'synced');
        }
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  return dbPromise;
}

const done = <T>(req: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

async function tx(store: StoreName, mode: IDBTransactionMode): Promise<IDBObjectStore> {
  return (await openStore()).transaction(store, mode).objectStore(store);
}

export async function getSetting<T>(key: string): Promise<T | undefined> {
  return done((await tx('settings', 'readonly')).get(key)) as Promise<T | undefined>;
}
export async function putSetting(key: string, value: unknown): Promise<void> {
  await done((await tx('settings', 'readwrite')).put(value, key));
}
export async function deleteSetting(key: string): Promise<void> {
  await done((await tx('settings', 'readwrite')).delete(key));
}

export async function putRecords(records: object[]): Promise<void> {
  const db = await openStore();
  await new Promise<void>((resolve, reject) => {
    const t = db.transaction('queue', 'readwrite');
    for (const r of records) t.objectStore('queue').put(r);
    t.oncomplete = () => resolve();
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
}
/** Every stored record as it is (not through the time index, which leaves out records without a usable time). */
export async function getRecords<T>(): Promise<T[]> {
  return done((await tx('queue', 'readonly')).getAll()) as Promise<T[]>;
}
export async function deleteRecords(ids: string[]): Promise<void> {
  const db = await openStore();
  await new Promise<void>((resolve, reject) => {
    const t = db.transaction('queue', 'readwrite');
    for (const id of ids) t.objectStore('queue').delete(id);
    t.oncomplete = () => resolve();
    t.onerror = () => reject(t.error);
  });
}
