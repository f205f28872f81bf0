package org.servicestar.calendar;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.servicestar.security.Access;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The page and the upload form, rendered through the real templates. Who may open {@code /admin/**}
 * is the security feature's business and tested there; here any logged-in user will do. The layout's menu
 * asks the access rules ({@code @access}) who sees which link.
 */
@WebMvcTest(controllers = CalendarAdminController.class, properties = "servicestar.admin.password=test")
@Import(Access.class)
@WithMockUser(username = "admin1")
class CalendarAdminControllerTest {

  @Autowired
  private MockMvc mvc;

  @MockitoBean
  private CalendarService calendars;

  @MockitoBean
  private Workdays workdays;

  @Test
  void listsTheYearsAndWarnsAboutNextYear() throws Exception {
    when(workdays.today()).thenReturn(LocalDate.of(2026, 11, 27));
    when(workdays.assumedYears()).thenReturn(new TreeSet<>(List.of(2023)));
    when(calendars.summaries()).thenReturn(List.of(
        new CalendarRepository.YearSummary(2026, 33, 6, "内置文件 calendar/cn-2026.csv", LocalDateTime.of(2026, 1, 2, 8, 30), "system"),
        new CalendarRepository.YearSummary(2025, 28, 5, "上传文件 2025.json（holiday-cn JSON）", LocalDateTime.of(2025, 1, 2, 8, 30), "admin1")));

    mvc.perform(get("/admin/calendar"))
        .andExpect(status().isOk())
        .andExpect(content().string(allOf(
            containsString("<title>工作日历 · 服务之星</title>"),
            containsString("<td>2026</td>"),
            containsString("<td>33</td>"),
            containsString("上传文件 2025.json（holiday-cn JSON）"),
            containsString("2026-01-02 08:30"),
            containsString("警告：尚未录入 2027 年（明年）的工作日历！"),
            not(containsString("尚未录入 2026 年")),
            containsString("本节点已按周一至周五计算过以下没有日历的年份：<strong>2023</strong>"),
            containsString("enctype=\"multipart/form-data\""),
            containsString("name=\"_csrf\""))));
  }

  @Test
  void warnsAboutThisYearToo() throws Exception {
    when(workdays.today()).thenReturn(LocalDate.of(2027, 1, 4));
    when(workdays.assumedYears()).thenReturn(new TreeSet<>(List.of(2027)));
    when(calendars.summaries()).thenReturn(List.of());

    mvc.perform(get("/admin/calendar"))
        .andExpect(status().isOk())
        .andExpect(content().string(allOf(
            containsString("警告：尚未录入 2027 年（今年）的工作日历！"),
            containsString("警告：尚未录入 2028 年（明年）的工作日历！"),
            containsString("还没有任何年份的工作日历。"),
            not(containsString("本节点已按周一至周五计算过")))));
  }

  @Test
  void anUploadIsStoredInTheNameOfTheUser() throws Exception {
    byte[] csv = "date,kind,name\n2027-01-01,HOLIDAY,元旦\n".getBytes(UTF_8);
    when(calendars.upload(eq("cn-2027.csv"), eq(csv), isNull(), eq("admin1")))
        .thenReturn(new CalendarFileParser().parse(csv, null));

    mvc.perform(multipart("/admin/calendar").file(new MockMultipartFile("file", "cn-2027.csv", "text/csv", csv))
            .param("year", "").with(csrf()))
        .andExpect(status().is3xxRedirection())
        .andExpect(redirectedUrl("/admin/calendar"))
        .andExpect(flash().attribute("message", containsString("已保存 2027 年的工作日历（CSV）：休息日 1 天，调休上班 0 天")));
  }

  @Test
  void aBadFileIsReportedWithItsLine() throws Exception {
    byte[] csv = "date,kind,name\n2027-02-30,HOLIDAY,春节\n".getBytes(UTF_8);
    when(calendars.upload(any(), any(), eq(2027), any())).thenThrow(new CalendarFileException("第 2 行：日期“2027-02-30”不存在。"));

    mvc.perform(multipart("/admin/calendar").file(new MockMultipartFile("file", "cn-2027.csv", "text/csv", csv))
            .param("year", "2027").with(csrf()))
        .andExpect(redirectedUrl("/admin/calendar"))
        .andExpect(flash().attribute("error", "未保存。第 2 行：日期“2027-02-30”不存在。"));
  }

  @Test
  void noFileOrABadYearNeverReachTheService() throws Exception {
    mvc.perform(multipart("/admin/calendar").file(new MockMultipartFile("file", "", "text/csv", new byte[0])).with(csrf()))
        .andExpect(flash().attribute("error", "未保存。请选择要上传的文件（文件为空或未选择）。"));
    mvc.perform(multipart("/admin/calendar").file(new MockMultipartFile("file", "a.csv", "text/csv", "x".getBytes(UTF_8)))
            .param("year", "27").with(csrf()))
        .andExpect(flash().attribute("error", containsString("年份“27”无效")));
    verify(calendars, never()).upload(any(), any(), any(), any());
  }

  @Test
  void anUploadWithoutTheCsrfTokenIsRefused() throws Exception {
    mvc.perform(multipart("/admin/calendar").file(new MockMultipartFile("file", "a.csv", "text/csv", "x".getBytes(UTF_8))))
        .andExpect(status().isForbidden());
    verify(calendars, never()).upload(any(), any(), any(), any());
  }
}
