/** Arrow-key movement through `count` options where -1 means "back in the text field". */
export function cycle(index: number, step: 1 | -1, count: number): number {
  const slots = count + 1;
  return ((index + 1 + step + slots) % slots) - 1;
}
