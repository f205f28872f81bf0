package org.servicestar.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;

import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import org.junit.jupiter.api.Test;

/** The QR code holds exactly the rating page's address and stays within sensible sizes. */
class QrCodesTest {

  static String decode(byte[] png) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    return new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)))).getText();
  }

  @Test
  void encodesTheAddress() throws Exception {
    byte[] png = QrCodes.png("https://fuwu.example.gov.cn/rate/tax-w01", 300);
    assertThat(decode(png)).isEqualTo("https://fuwu.example.gov.cn/rate/tax-w01");
    assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(300);
  }

  @Test
  void sizesAreKeptWithinBounds() throws Exception {
    assertThat(ImageIO.read(new ByteArrayInputStream(QrCodes.png("x", 5))).getWidth()).isGreaterThanOrEqualTo(QrCodes.MIN_SIZE);
    assertThat(ImageIO.read(new ByteArrayInputStream(QrCodes.png("x", 100_000))).getWidth()).isLessThanOrEqualTo(QrCodes.MAX_SIZE);
  }
}
