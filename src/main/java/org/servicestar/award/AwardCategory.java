package org.servicestar.award;

/** The award categories of DESIGN.md, with the names on certificates and pages. */
public enum AwardCategory {
  HALL("优质服务大厅", false),
  SECTION("优质服务科室队所", false),
  WINDOW("优质服务窗口", false),
  STAFF("优质服务标兵", true),
  COLLECTIVE("先进集体", false),
  MODEL("两争当标兵", true);

  private final String label;
  private final boolean forStaff;

  AwardCategory(String label, boolean forStaff) {
    this.label = label;
    this.forStaff = forStaff;
  }

  public String label() {
    return label;
  }

  /** Staff categories name a badge; the others a unit. */
  public boolean forStaff() {
    return forStaff;
  }
}
