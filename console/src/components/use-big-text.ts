/**
 * Large-text mode (适老化: body ≥ 18 px, high contrast, big buttons) for elderly residents: a class
 * on <html> so every page and the header grow together; the choice is kept on this phone.
 */
import { useCallback, useEffect, useState } from 'react';

const KEY = 'yg.bigText';

export function readBigText(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export function useBigText(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(readBigText);
  useEffect(() => {
    document.documentElement.classList.toggle('big-text', on);
  }, [on]);
  const set = useCallback((next: boolean) => {
    setOn(next);
    try {
      localStorage.setItem(KEY, next ? '1' : '0');
    } catch {
      // Private mode: the choice lasts for this visit only.
    }
  }, []);
  return [on, set];
}
