package com.bnaura.quota.internal;

import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Units;

/** The people-facing texts of refusals, in English and Thai (seed 000's 403 message). */
final class Messages {
  private Messages() {}

  static String consentEnglish(Money pricePerUnit, Money cost) {
    return "Quota exceeded; a charge of " + pricePerUnit.toDisplayString()
        + " per unit will apply (" + cost.toDisplayString()
        + " for this request). Accept the overage charge or buy a top-up to continue.";
  }

  static String consentThai(Money pricePerUnit, Money cost) {
    return "เกินโควตาแล้ว จะเสียค่าใช้จ่าย " + pricePerUnit.toDisplayString() + " ต่อหน่วย (ครั้งนี้ "
        + cost.toDisplayString() + ")";
  }

  static String blockedEnglish(Units needed, Units remaining) {
    return "Quota exceeded: " + needed + " units needed, " + remaining
        + " left. Buy a top-up to continue.";
  }

  static String blockedThai(Units needed, Units remaining) {
    return "เกินโควตาแล้ว ต้องใช้ " + needed + " หน่วย เหลือ " + remaining
        + " หน่วย กรุณาซื้อแพ็กเกจเสริมเพื่อใช้งานต่อ";
  }

  static String capEnglish(Money cap) {
    return "Quota exceeded: the overage cap of " + cap.toDisplayString()
        + " for this billing period is reached. Buy a top-up to continue.";
  }

  static String capThai(Money cap) {
    return "เกินโควตาแล้ว และถึงวงเงินค่าใช้จ่ายส่วนเกิน " + cap.toDisplayString()
        + " ของรอบบิลนี้แล้ว กรุณาซื้อแพ็กเกจเสริม";
  }
}
