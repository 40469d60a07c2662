/**
 * A small QR decoder for the symbols our pages draw, written from ISO/IEC 18004 and independent of
 * the `qrcode` package that encodes them: SVG path → module grid → format information (BCH
 * checked) → unmasked codewords → Reed–Solomon check → segments (numeric, alphanumeric, byte).
 * It reads clean grids only (no camera image, no error correction), versions 1–10, level M.
 */

const QUIET_ZONE = 4;

/** The dark modules of an SVG drawn by functions/print/render/qr.ts (`M x y h w v1 h-w z` runs). */
export function gridFromSvg(svg: string): boolean[][] {
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  const path = /<path[^>]* d="([^"]*)"/.exec(svg);
  if (!viewBox || !path) throw new Error('not a QR svg');
  const side = Number(viewBox[1]);
  const size = side - 2 * QUIET_ZONE;
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  const runs = [...(path[1] ?? '').matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)];
  if (runs.map((run) => run[0]).join('') !== path[1]) throw new Error('unexpected path syntax');
  for (const [, x, y, width] of runs) {
    const row = Number(y) - QUIET_ZONE;
    const col = Number(x) - QUIET_ZONE;
    if (row < 0 || row >= size || col < 0 || col + Number(width) > size) throw new Error('a module in the quiet zone');
    for (let offset = 0; offset < Number(width); offset += 1) grid[row]![col + offset] = true;
  }
  return grid;
}

const ALIGNMENT: Readonly<Record<number, number[]>> = {
  1: [],
  2: [6, 18],
  3: [6, 22],
  4: [6, 26],
  5: [6, 30],
  6: [6, 34],
  7: [6, 22, 38],
  8: [6, 24, 42],
  9: [6, 26, 46],
  10: [6, 28, 50],
};

/** Level M: [blocks, data codewords per block] groups and EC codewords per block. */
const BLOCKS_M: Readonly<Record<number, { groups: [number, number][]; ec: number }>> = {
  1: { groups: [[1, 16]], ec: 10 },
  2: { groups: [[1, 28]], ec: 16 },
  3: { groups: [[1, 44]], ec: 26 },
  4: { groups: [[2, 32]], ec: 18 },
  5: { groups: [[2, 43]], ec: 24 },
  6: { groups: [[4, 27]], ec: 16 },
  7: { groups: [[4, 31]], ec: 18 },
  8: {
    groups: [
      [2, 38],
      [2, 39],
    ],
    ec: 22,
  },
  9: {
    groups: [
      [3, 36],
      [2, 37],
    ],
    ec: 22,
  },
  10: {
    groups: [
      [4, 43],
      [1, 44],
    ],
    ec: 26,
  },
};

const MASKS: readonly ((i: number, j: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i + j) % 2) + ((i * j) % 3)) % 2 === 0,
];

function functionModules(size: number, version: number): boolean[][] {
  const reserved = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  const mark = (row: number, col: number, height: number, width: number) => {
    for (let r = row; r < row + height; r += 1)
      for (let c = col; c < col + width; c += 1) if (r >= 0 && c >= 0 && r < size && c < size) reserved[r]![c] = true;
  };
  mark(0, 0, 9, 9); // finder, separator, format information
  mark(0, size - 8, 9, 8);
  mark(size - 8, 0, 8, 9);
  mark(6, 0, 1, size); // timing
  mark(0, 6, size, 1);
  const centers = ALIGNMENT[version] ?? [];
  for (const r of centers) {
    for (const c of centers) {
      const last = centers.at(-1);
      if ((r === 6 && c === 6) || (r === 6 && c === last) || (r === last && c === 6)) continue;
      mark(r - 2, c - 2, 5, 5);
    }
  }
  if (version >= 7) {
    mark(0, size - 11, 6, 3);
    mark(size - 11, 0, 3, 6);
  }
  return reserved;
}

/** BCH(15,5) of the format information, before its XOR mask. */
function formatBch(data: number): number {
  let value = data << 10;
  for (let bit = 14; bit >= 10; bit -= 1) if (value & (1 << bit)) value ^= 0b10100110111 << (bit - 10);
  return (data << 10) | value;
}

// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
const EXP = new Array<number>(512);
const LOG = new Array<number>(256);
{
  let x = 1;
  for (let i = 0; i < 255; i += 1) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 512; i += 1) EXP[i] = EXP[i - 255]!;
}
const mul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!);

function reedSolomonRemainder(data: readonly number[], degree: number): number[] {
  let generator = [1];
  for (let i = 0; i < degree; i += 1) {
    const next = new Array<number>(generator.length + 1).fill(0);
    generator.forEach((coefficient, j) => {
      next[j] = next[j]! ^ coefficient;
      next[j + 1] = next[j + 1]! ^ mul(coefficient, EXP[i]!);
    });
    generator = next;
  }
  const remainder = [...data, ...new Array<number>(degree).fill(0)];
  for (let i = 0; i < data.length; i += 1) {
    const factor = remainder[i]!;
    if (factor === 0) continue;
    generator.forEach((coefficient, j) => {
      remainder[i + j] = remainder[i + j]! ^ mul(coefficient, factor);
    });
  }
  return remainder.slice(data.length);
}

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

export interface DecodedQr {
  text: string;
  version: number;
  errorCorrection: 'L' | 'M' | 'Q' | 'H';
  mask: number;
}

export function decodeQrGrid(grid: boolean[][]): DecodedQr {
  const size = grid.length;
  const version = (size - 17) / 4;
  if (!Number.isInteger(version) || version < 1 || version > 10) throw new Error(`unsupported size ${size}`);
  const dark = (row: number, col: number) => grid[row]![col]!;

  // Format information, the copy along column 8 (bit 0 at the top).
  let format = 0;
  for (let i = 0; i < 15; i += 1) {
    const row = i < 6 ? i : i < 8 ? i + 1 : size - 15 + i;
    if (dark(row, 8)) format |= 1 << i;
  }
  format ^= 0b101010000010010;
  const data = format >> 10;
  if (formatBch(data) !== format) throw new Error('format information fails its BCH check');
  const errorCorrection = (['M', 'L', 'H', 'Q'] as const)[data >> 3]!;
  const mask = data & 0b111;
  if (errorCorrection !== 'M') throw new Error(`only level M is supported, got ${errorCorrection}`);

  // Codewords, in the zigzag order, unmasked.
  const reserved = functionModules(size, version);
  const bits: number[] = [];
  let upward = true;
  for (let right = size - 1; right > 0; right -= 2) {
    if (right === 6) right -= 1;
    for (let step = 0; step < size; step += 1) {
      const row = upward ? size - 1 - step : step;
      for (const col of [right, right - 1]) {
        if (reserved[row]![col]) continue;
        bits.push((dark(row, col) ? 1 : 0) ^ (MASKS[mask]!(row, col) ? 1 : 0));
      }
    }
    upward = !upward;
  }
  const codewords: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) codewords.push(bits.slice(i, i + 8).reduce((byte, bit) => (byte << 1) | bit, 0));

  // De-interleave data and EC codewords per block; every block must pass its Reed–Solomon check.
  const layout = BLOCKS_M[version]!;
  const lengths = layout.groups.flatMap(([count, length]) => Array<number>(count).fill(length));
  const blocks = lengths.map(() => [] as number[]);
  let index = 0;
  for (let i = 0; i < Math.max(...lengths); i += 1) {
    lengths.forEach((length, block) => {
      if (i < length) blocks[block]!.push(codewords[index++]!);
    });
  }
  const ecBlocks = lengths.map(() => [] as number[]);
  for (let i = 0; i < layout.ec; i += 1) for (const block of ecBlocks) block.push(codewords[index++]!);
  blocks.forEach((block, number) => {
    const expected = reedSolomonRemainder(block, layout.ec);
    if (expected.join() !== ecBlocks[number]!.join()) throw new Error(`block ${number} fails its Reed–Solomon check`);
  });

  // Segments.
  const stream = blocks.flat().flatMap((byte) => Array.from({ length: 8 }, (_, bit) => (byte >> (7 - bit)) & 1));
  let position = 0;
  const read = (count: number) => {
    let value = 0;
    for (let i = 0; i < count; i += 1) value = (value << 1) | (stream[position++] ?? 0);
    return value;
  };
  const bytes: number[] = [];
  while (position + 4 <= stream.length) {
    const mode = read(4);
    if (mode === 0) break;
    if (mode === 0b0001) {
      let count = read(version < 10 ? 10 : 12);
      for (; count >= 3; count -= 3) bytes.push(...Buffer.from(String(read(10)).padStart(3, '0')));
      if (count === 2) bytes.push(...Buffer.from(String(read(7)).padStart(2, '0')));
      if (count === 1) bytes.push(...Buffer.from(String(read(4))));
    } else if (mode === 0b0010) {
      let count = read(version < 10 ? 9 : 11);
      for (; count >= 2; count -= 2) {
        const pair = read(11);
        bytes.push(ALPHANUMERIC.charCodeAt(Math.floor(pair / 45)), ALPHANUMERIC.charCodeAt(pair % 45));
      }
      if (count === 1) bytes.push(ALPHANUMERIC.charCodeAt(read(6)));
    } else if (mode === 0b0100) {
      const count = read(version < 10 ? 8 : 16);
      for (let i = 0; i < count; i += 1) bytes.push(read(8));
    } else {
      throw new Error(`unsupported mode ${mode.toString(2)}`);
    }
  }
  return { text: Buffer.from(bytes).toString('utf8'), version, errorCorrection, mask };
}

export const decodeQrSvg = (svg: string): DecodedQr => decodeQrGrid(gridFromSvg(svg));
