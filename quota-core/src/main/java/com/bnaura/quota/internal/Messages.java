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

  static String capEnglish(Money cap, Money used, Money asked) {
    return "Quota exceeded: this request's overage of " + asked.toDisplayString()
        + " would bring the overage of this billing period to " + used.plus(asked).toDisplayString()
        + ", over the cap of " + cap.toDisplayString() + " (" + used.toDisplayString()
        + " already used). Buy a top-up to continue.";
  }

  static String capThai(Money cap, Money used, Money asked) {
    return "เกินโควตาแล้ว ค่าใช้จ่ายส่วนเกินของคำขอนี้ " + asked.toDisplayString()
        + " จะทำให้ยอดส่วนเกินของรอบบิลนี้เป็น " + used.plus(asked).toDisplayString()
        + " เกินวงเงิน " + cap.toDisplayString() + " (ใช้ไปแล้ว " + used.toDisplayString()
        + ") กรุณาซื้อแพ็กเกจเสริม";
  }

  static String unitsLimitEnglish(Units asked, Units limit) {
    return "Request refused: it asks for " + asked + " units, more than the limit of " + limit
        + " units per request (maxUnitsPerRequest). Send a smaller request.";
  }

  static String unitsLimitThai(Units asked, Units limit) {
    return "คำขอถูกปฏิเสธ ขอใช้ " + asked + " หน่วย เกินขีดจำกัด " + limit
        + " หน่วยต่อคำขอ กรุณาส่งคำขอที่เล็กลง";
  }

  static String overageLimitEnglish(Money asked, Money limit) {
    return "Request refused: its overage charge of " + asked.toDisplayString()
        + " is more than the limit of " + limit.toDisplayString()
        + " of overage per request (maxOveragePerRequest). Buy a top-up or send a smaller request.";
  }

  static String overageLimitThai(Money asked, Money limit) {
    return "คำขอถูกปฏิเสธ ค่าใช้จ่ายส่วนเกินของคำขอนี้ " + asked.toDisplayString()
        + " เกินขีดจำกัด " + limit.toDisplayString()
        + " ต่อคำขอ กรุณาซื้อแพ็กเกจเสริมหรือส่งคำขอที่เล็กลง";
  }
}
