#!/usr/bin/env node
// Draws the Surge Desk icon (a live-volume line with an outage spike on a dark tile) and
// writes it as PNG with node:zlib only, no image dependency:
//   build/icon.png (512×512, electron-builder derives .icns/.ico from it)
//   resources/icons/icon.png (256, window icon), tray.png (22) and tray@2x.png (44)
// Run: node build/generate-icons.mjs   (the outputs are committed; rerun after changing this)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
/** RGBA pixels (Uint8Array, size×size×4) → PNG bytes. */
export function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// The line, in unit coordinates (0..1): calm baseline, then the surge.
const LINE = [
  [0.14, 0.66],
  [0.26, 0.62],
  [0.36, 0.67],
  [0.46, 0.61],
  [0.55, 0.64],
  [0.63, 0.24],
  [0.71, 0.52],
  [0.79, 0.44],
  [0.87, 0.47],
];
function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
function insideRoundedTile(x, y, radius) {
  const m = 0.04;
  const cx = Math.min(Math.max(x, m + radius), 1 - m - radius);
  const cy = Math.min(Math.max(y, m + radius), 1 - m - radius);
  return Math.hypot(x - cx, y - cy) <= radius && x >= m && x <= 1 - m && y >= m && y <= 1 - m;
}

/** Colour of one unit-space sample: [r, g, b, a]. `tray` draws only the line, thicker. */
function sample(x, y, tray) {
  const width = tray ? 0.075 : 0.045;
  const onLine = LINE.slice(1).some((p, i) => distanceToSegment(x, y, LINE[i], p) <= width / 2);
  if (tray) return onLine ? [255, 122, 41, 255] : [0, 0, 0, 0];
  if (!insideRoundedTile(x, y, 0.2)) return [0, 0, 0, 0];
  if (onLine) return [255, 122, 41, 255];
  // Faint baseline band behind the line.
  if (y > 0.72 && y < 0.735 && x > 0.14 && x < 0.87) return [70, 78, 96, 255];
  return [22, 26, 34, 255];
}

export function drawIcon(size, { tray = false } = {}) {
  const ss = size >= 128 ? 3 : 4; // supersampling for smooth edges
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < ss; sy += 1) {
        for (let sx = 0; sx < ss; sx += 1) {
          const [r, g, b, a] = sample((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size, tray);
          acc[0] += r * a;
          acc[1] += g * a;
          acc[2] += b * a;
          acc[3] += a;
        }
      }
      const o = (py * size + px) * 4;
      const alpha = acc[3] / (ss * ss);
      rgba[o] = acc[3] ? Math.round(acc[0] / acc[3]) : 0;
      rgba[o + 1] = acc[3] ? Math.round(acc[1] / acc[3]) : 0;
      rgba[o + 2] = acc[3] ? Math.round(acc[2] / acc[3]) : 0;
      rgba[o + 3] = Math.round(alpha);
    }
  }
  return encodePng(size, rgba);
}

const outputs = [
  ['build/icon.png', 512, false],
  ['resources/icons/icon.png', 256, false],
  ['resources/icons/tray.png', 22, true],
  ['resources/icons/tray@2x.png', 44, true],
];
for (const [file, size, tray] of outputs) {
  const target = path.join(root, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, drawIcon(size, { tray }));
  console.log(`wrote ${file} (${size}×${size})`);
}
