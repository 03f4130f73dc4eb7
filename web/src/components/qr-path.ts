/**
 * The modules of a QR code as one SVG path (`qrcode-generator`, error correction M), one unit per
 * module with a quiet zone of 4 modules, and the whole size (issue 15: the person's invitation).
 */
import qrcode from 'qrcode-generator';

const QUIET = 4;

export function qrPath(text: string): { d: string; size: number } {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const count = qr.getModuleCount();
  const parts: string[] = [];
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.isDark(row, col)) parts.push(`M${col + QUIET} ${row + QUIET}h1v1h-1z`);
    }
  }
  return { d: parts.join(''), size: count + 2 * QUIET };
}
