package org.servicestar.rating;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/** QR codes as PNG (ZXing), with error correction M: a card may be scuffed or partly covered by a sticker. */
final class QrCodes {

  static final int DEFAULT_SIZE = 480;
  static final int MIN_SIZE = 120;
  static final int MAX_SIZE = 1200;

  private QrCodes() {
  }

  static byte[] png(String text, int size) {
    int s = Math.max(MIN_SIZE, Math.min(MAX_SIZE, size));
    try {
      BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, s, s, Map.of(
          EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
          EncodeHintType.MARGIN, 2,
          EncodeHintType.CHARACTER_SET, "UTF-8"));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      MatrixToImageWriter.writeToStream(matrix, "PNG", out);
      return out.toByteArray();
    } catch (WriterException e) {
      throw new IllegalArgumentException("cannot encode as QR code: " + text, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
