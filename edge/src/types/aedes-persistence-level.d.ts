// aedes-persistence-level ships no types: a factory taking an abstract-level database (it passes
// its own encodings on every call, so the database's default encodings do not matter).
declare module 'aedes-persistence-level' {
  export default function aedesPersistenceLevel(db: object): unknown;
}
