import { describe, expect, it } from 'vitest';
import { pageWindow } from './page-window';

describe('pageWindow', () => {
  it('shows every page when there are few', () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(3, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('shows nothing for an empty listing', () => {
    expect(pageWindow(1, 0)).toEqual([]);
  });

  it('windows around the current page with gaps on both sides', () => {
    expect(pageWindow(5, 417)).toEqual([1, 'gap', 4, 5, 6, 'gap', 417]);
  });

  it('fills in near the start and the end instead of hiding a single page', () => {
    expect(pageWindow(1, 417)).toEqual([1, 2, 3, 4, 5, 'gap', 417]);
    expect(pageWindow(4, 417)).toEqual([1, 2, 3, 4, 5, 'gap', 417]);
    expect(pageWindow(414, 417)).toEqual([1, 'gap', 413, 414, 415, 416, 417]);
    expect(pageWindow(417, 417)).toEqual([1, 'gap', 413, 414, 415, 416, 417]);
  });

  it('keeps an out-of-range current page inside the bar', () => {
    expect(pageWindow(999, 10)).toEqual([1, 'gap', 6, 7, 8, 9, 10]);
  });
});
