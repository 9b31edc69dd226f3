/**
 * Makes a clickable View reachable by Tab (H5: taro-view-core keeps `tabIndex`; the mini-program ignores it).
 * Taro's ViewProps do not list it, hence the spread.
 */
export const FOCUSABLE = { tabIndex: 0 } as object;
