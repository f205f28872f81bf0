package org.servicestar.award;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDateTime;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.ColumnText;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The printable certificate (荣誉证书) of a published award: A4 landscape, one page. The Chinese text
 * uses the Adobe CJK font STSongStd-Light that OpenPDF ships (not embedded: every PDF reader in China
 * has it), so no font file travels with the app.
 */
@Component
class AwardCertificates {

  private static final Color RED = new Color(0xB4, 0x23, 0x2A);
  private static final Color GOLD = new Color(0xC8, 0x9B, 0x3C);

  private final String issuer;
  private final String competition;

  AwardCertificates(@Value("${servicestar.award.issuer:优质服务竞赛活动领导小组}") String issuer,
                    @Value("${servicestar.award.competition:优质服务竞赛活动}") String competition) {
    this.issuer = issuer;
    this.competition = competition;
  }

  String issuer() {
    return issuer;
  }

  byte[] pdf(PublishedAwards.Nominee award, LocalDateTime publishedAt) {
    Document document = new Document(PageSize.A4.rotate(), 90, 90, 80, 70);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PdfWriter writer = PdfWriter.getInstance(document, out);
      document.addTitle("荣誉证书 " + award.certificateNo());
      document.addSubject(award.year() + " 年度" + award.category().label());
      // The number in the document information too, where archive tools and tests can find it unparsed.
      document.addKeywords(award.certificateNo());
      document.addCreator("服务之星 ServiceStar");
      document.open();
      border(writer.getDirectContentUnder(), document.getPageSize());

      BaseFont song = BaseFont.createFont("STSongStd-Light", "UniGB-UCS2-H", BaseFont.NOT_EMBEDDED);
      Paragraph title = new Paragraph("荣 誉 证 书", new Font(song, 46, Font.NORMAL, RED));
      title.setAlignment(Element.ALIGN_CENTER);
      title.setSpacingBefore(20);
      title.setSpacingAfter(40);
      document.add(title);

      Font body = new Font(song, 22, Font.NORMAL, Color.BLACK);
      Paragraph winner = new Paragraph(award.person() ? award.name() + " 同志：" : award.name() + "：", body);
      document.add(winner);
      if (award.person()) {
        Paragraph who = new Paragraph("（工号 " + award.subject() + (award.unitName() == null ? "" : "，" + award.unitName()) + "）",
            new Font(song, 14, Font.NORMAL, Color.DARK_GRAY));
        who.setIndentationLeft(44);
        document.add(who);
      }
      Paragraph text = new Paragraph("在 " + award.year() + " 年度" + competition + "中" + (award.person() ? "表现突出" : "成绩优异")
          + "，被评为", body);
      text.setFirstLineIndent(44);
      text.setSpacingBefore(18);
      text.setLeading(40);
      document.add(text);
      // The award's name on a line of its own: it is what the winner frames.
      Paragraph name = new Paragraph("“" + award.category().label() + "”", new Font(song, 32, Font.NORMAL, RED));
      name.setAlignment(Element.ALIGN_CENTER);
      name.setSpacingBefore(10);
      name.setSpacingAfter(10);
      document.add(name);
      Paragraph encouragement = new Paragraph("特发此证，以资鼓励。", body);
      encouragement.setFirstLineIndent(44);
      encouragement.setLeading(40);
      document.add(encouragement);

      PdfContentByte over = writer.getDirectContent();
      Rectangle page = document.getPageSize();
      float right = page.getRight() - 110;
      ColumnText.showTextAligned(over, Element.ALIGN_RIGHT, new Phrase(issuer, new Font(song, 20, Font.NORMAL)), right, 150, 0);
      if (publishedAt != null) {
        ColumnText.showTextAligned(over, Element.ALIGN_RIGHT,
            new Phrase(ObjectionIntake.day(publishedAt.toLocalDate()), new Font(song, 18, Font.NORMAL)), right, 118, 0);
      }
      ColumnText.showTextAligned(over, Element.ALIGN_LEFT, new Phrase("证书编号：", new Font(song, 12, Font.NORMAL, Color.DARK_GRAY)),
          page.getLeft() + 110, 80, 0);
      ColumnText.showTextAligned(over, Element.ALIGN_LEFT,
          new Phrase(award.certificateNo(), new Font(Font.HELVETICA, 12, Font.NORMAL, Color.DARK_GRAY)), page.getLeft() + 170, 80, 0);
      document.close();
    } catch (DocumentException | IOException e) {
      throw new IllegalStateException("certificate " + award.certificateNo() + " could not be made", e);
    }
    return out.toByteArray();
  }

  /** A red outer frame and a thin gold inner one. */
  private static void border(PdfContentByte under, Rectangle page) {
    under.saveState();
    under.setColorStroke(RED);
    under.setLineWidth(8);
    under.rectangle(page.getLeft() + 30, page.getBottom() + 30, page.getWidth() - 60, page.getHeight() - 60);
    under.stroke();
    under.setColorStroke(GOLD);
    under.setLineWidth(1.5f);
    under.rectangle(page.getLeft() + 44, page.getBottom() + 44, page.getWidth() - 88, page.getHeight() - 88);
    under.stroke();
    under.restoreState();
  }
}
