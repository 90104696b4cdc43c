/**
 * Vector paths for seals: the same shapes become SVG path data (for pdf-lib's drawSvgPath and the
 * app's preview) and an anti-aliased RGBA raster (for PNG). Coordinates are millimetres, y down.
 */

export type PathCommand =
  | { op: 'M' | 'L'; x: number; y: number }
  | { op: 'Q'; cx: number; cy: number; x: number; y: number }
  | { op: 'C'; c1x: number; c1y: number; c2x: number; c2y: number; x: number; y: number }
  | { op: 'Z' };

export type Path = PathCommand[];

/** Affine map [a b c d e f]: x' = a·x + c·y + e, y' = b·x + d·y + f. */
export type Matrix = [number, number, number, number, number, number];

export function transformPath(path: Path, m: Matrix): Path {
  const p = (x: number, y: number): [number, number] => [
    m[0] * x + m[2] * y + m[4],
    m[1] * x + m[3] * y + m[5],
  ];
  return path.map((c) => {
    switch (c.op) {
      case 'M':
      case 'L': {
        const [x, y] = p(c.x, c.y);
        return { op: c.op, x, y };
      }
      case 'Q': {
        const [cx, cy] = p(c.cx, c.cy);
        const [x, y] = p(c.x, c.y);
        return { op: 'Q', cx, cy, x, y };
      }
      case 'C': {
        const [c1x, c1y] = p(c.c1x, c.c1y);
        const [c2x, c2y] = p(c.c2x, c.c2y);
        const [x, y] = p(c.x, c.y);
        return { op: 'C', c1x, c1y, c2x, c2y, x, y };
      }
      default:
        return c;
    }
  });
}

/** A circle as four cubic Béziers; `clockwise` in y-down coordinates. */
export function circlePath(cx: number, cy: number, r: number, clockwise = true): Path {
  const k = 0.5522847498 * r;
  const s = clockwise ? 1 : -1;
  return [
    { op: 'M', x: cx + r, y: cy },
    { op: 'C', c1x: cx + r, c1y: cy + s * k, c2x: cx + k, c2y: cy + s * r, x: cx, y: cy + s * r },
    { op: 'C', c1x: cx - k, c1y: cy + s * r, c2x: cx - r, c2y: cy + s * k, x: cx - r, y: cy },
    { op: 'C', c1x: cx - r, c1y: cy - s * k, c2x: cx - k, c2y: cy - s * r, x: cx, y: cy - s * r },
    { op: 'C', c1x: cx + k, c1y: cy - s * r, c2x: cx + r, c2y: cy - s * k, x: cx + r, y: cy },
    { op: 'Z' },
  ];
}

/** A ring: outer circle one way, inner the other, so the non-zero rule leaves the middle empty. */
export function ringPath(cx: number, cy: number, outer: number, inner: number): Path {
  return [...circlePath(cx, cy, outer, true), ...circlePath(cx, cy, inner, false)];
}

/** A five-pointed star with one point up. */
export function starPath(cx: number, cy: number, outer: number, inner = outer * 0.381966): Path {
  const path: Path = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    path.push({ op: i === 0 ? 'M' : 'L', x: cx + r * Math.cos(a), y: cy + r * Math.sin(a) });
  }
  path.push({ op: 'Z' });
  return path;
}

function num(n: number): string {
  const s = n.toFixed(3).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

/** SVG path data with absolute commands only (what pdf-lib's drawSvgPath reads). */
export function pathData(path: Path): string {
  return path
    .map((c) => {
      switch (c.op) {
        case 'M':
        case 'L':
          return `${c.op}${num(c.x)} ${num(c.y)}`;
        case 'Q':
          return `Q${num(c.cx)} ${num(c.cy)} ${num(c.x)} ${num(c.y)}`;
        case 'C':
          return `C${num(c.c1x)} ${num(c.c1y)} ${num(c.c2x)} ${num(c.c2y)} ${num(c.x)} ${num(c.y)}`;
        default:
          return 'Z';
      }
    })
    .join('');
}

interface Edge {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  dir: 1 | -1;
}

/** Straight edges of the path in pixels (`scale` pixels per unit), curves flattened. */
function edgesOf(path: Path, scale: number): Edge[] {
  const edges: Edge[] = [];
  let sx = 0;
  let sy = 0;
  let x = 0;
  let y = 0;
  const line = (nx: number, ny: number) => {
    if (ny !== y) {
      edges.push(
        ny > y ? { x0: x, y0: y, x1: nx, y1: ny, dir: 1 } : { x0: nx, y0: ny, x1: x, y1: y, dir: -1 },
      );
    }
    x = nx;
    y = ny;
  };
  for (const c of path) {
    switch (c.op) {
      case 'M':
        if (x !== sx || y !== sy) line(sx, sy);
        x = sx = c.x * scale;
        y = sy = c.y * scale;
        break;
      case 'L':
        line(c.x * scale, c.y * scale);
        break;
      case 'Q': {
        const [cx, cy, ex, ey] = [c.cx * scale, c.cy * scale, c.x * scale, c.y * scale];
        const [bx, by] = [x, y];
        const n = Math.max(2, Math.ceil(Math.hypot(cx - bx, cy - by) + Math.hypot(ex - cx, ey - cy)) / 3);
        for (let i = 1; i <= n; i++) {
          const t = i / n;
          const u = 1 - t;
          line(u * u * bx + 2 * u * t * cx + t * t * ex, u * u * by + 2 * u * t * cy + t * t * ey);
        }
        break;
      }
      case 'C': {
        const [ax, ay, bx2, by2, ex, ey] = [c.c1x, c.c1y, c.c2x, c.c2y, c.x, c.y].map((v) => v * scale) as [
          number,
          number,
          number,
          number,
          number,
          number,
        ];
        const [bx, by] = [x, y];
        const length =
          Math.hypot(ax - bx, ay - by) + Math.hypot(bx2 - ax, by2 - ay) + Math.hypot(ex - bx2, ey - by2);
        const n = Math.max(2, Math.ceil(length / 3));
        for (let i = 1; i <= n; i++) {
          const t = i / n;
          const u = 1 - t;
          line(
            u * u * u * bx + 3 * u * u * t * ax + 3 * u * t * t * bx2 + t * t * t * ex,
            u * u * u * by + 3 * u * u * t * ay + 3 * u * t * t * by2 + t * t * t * ey,
          );
        }
        break;
      }
      case 'Z':
        line(sx, sy);
        break;
    }
  }
  if (x !== sx || y !== sy) line(sx, sy);
  return edges;
}

const SUBSAMPLES = 4;

/**
 * Coverage (0…1) of each pixel by the paths, filled with the non-zero rule: 4 sub-scanlines per
 * row, exact horizontal coverage. Paths are combined by their union.
 */
export function rasterize(paths: Path[], width: number, height: number, scale: number): Float32Array {
  const coverage = new Float32Array(width * height);
  const row = new Float32Array(width + 2);
  for (const path of paths) {
    const edges = edgesOf(path, scale);
    if (edges.length === 0) continue;
    const top = Math.max(0, Math.floor(Math.min(...edges.map((e) => e.y0))));
    const bottom = Math.min(height, Math.ceil(Math.max(...edges.map((e) => e.y1))));
    const crossings: { x: number; dir: number }[] = [];
    for (let py = top; py < bottom; py++) {
      row.fill(0);
      for (let s = 0; s < SUBSAMPLES; s++) {
        const sy = py + (s + 0.5) / SUBSAMPLES;
        crossings.length = 0;
        for (const e of edges) {
          if (sy < e.y0 || sy >= e.y1) continue;
          crossings.push({ x: e.x0 + ((sy - e.y0) * (e.x1 - e.x0)) / (e.y1 - e.y0), dir: e.dir });
        }
        if (crossings.length < 2) continue;
        crossings.sort((a, b) => a.x - b.x);
        let winding = 0;
        for (let i = 0; i < crossings.length - 1; i++) {
          winding += crossings[i]!.dir;
          if (winding === 0) continue;
          const xa = Math.max(0, crossings[i]!.x);
          const xb = Math.min(width, crossings[i + 1]!.x);
          if (xb <= xa) continue;
          const ia = Math.floor(xa);
          const ib = Math.floor(xb);
          if (ia === ib) {
            row[ia]! += xb - xa;
          } else {
            row[ia]! += ia + 1 - xa;
            for (let k = ia + 1; k < ib; k++) row[k]! += 1;
            if (ib < width) row[ib]! += xb - ib;
          }
        }
      }
      const base = py * width;
      for (let px = 0; px < width; px++) {
        const c = Math.min(1, row[px]! / SUBSAMPLES);
        if (c > coverage[base + px]!) coverage[base + px] = c;
      }
    }
  }
  return coverage;
}

/** Parses `#RRGGBB`. */
export function parseColor(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) return [0xe6, 0x00, 0x12];
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}
