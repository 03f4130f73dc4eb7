/**
 * A QR code drawn as SVG (issue 15 point 1: the person's invitation, printed and handed to her),
 * with `qrcode-generator` for the modules; the text itself is always printed beside it, for
 * whoever cannot scan it. Black on white with a quiet zone of 4 modules, as the standard asks.
 */
import { qrPath } from './qr-path';

export function QrCode({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const { d, size } = qrPath(text);
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${size} ${size}`}
      width="12rem"
      height="12rem"
      shapeRendering="crispEdges"
      data-testid={testId}
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
