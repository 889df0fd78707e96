// The heat layer's view, and a click on the heat: which problems make up the
// density under a pixel and how much each adds, asked of the core (`problemsAt`)
// with exactly the view and options the layer was drawn with, so the parts sum to
// the density of the pixel shown.
import { metresPerPixel } from '../lib/view.js';

/** The core view the heat layer renders: at half resolution when the kernel is
 * many device pixels wide (smooth anyway; a quarter of the pixels). */
export function heatView(host) {
  const opts = host.heatOptions;
  const v = host.data.coreView(host.view);
  const radiusPx = opts.radiusPx ?? (opts.radiusM ?? 150) / metresPerPixel(v);
  const k = radiusPx * v.pixelRatio >= 16 ? 0.5 : 1;
  return { view: { ...v, pixelRatio: v.pixelRatio * k }, scale: k };
}

/** The problems under CSS px (x, y) of the heat layer: {density, attributed, count,
 * problems: [{id, index, density, share}], rest} (largest part first, at most
 * `limit`); densities in weighted problems per km². */
export function problemsAt(host, x, y, limit = 20) {
  const { view } = heatView(host);
  const pr = view.pixelRatio;
  return host.civic.problemsAt(view, x * pr, y * pr, host.heatOptions, limit);
}
