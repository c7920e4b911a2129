/** The tab title: the app's name (per language) with the unacknowledged-alert count in front, e.g. `(3) 院安 · 楼院安防`. */
let base = typeof document !== 'undefined' ? document.title : '';
let count = 0;

function write() {
  if (typeof document === 'undefined') return;
  document.title = count > 0 ? `(${count}) ${base}` : base;
}

export function setTitleBase(text: string) {
  base = text;
  write();
}

export function setTitleCount(n: number) {
  count = n;
  write();
}
