#pragma once
// The working-day calendar (工作日历). Every statutory deadline in Weijian 「N个工作日内」
// counts working days on the State Council's holiday schedule, which moves days both ways:
// holidays take weekdays off, and adjusted weekends (调休上班) are working days. The schedule
// comes from one CSV file per year in data/calendar/ (format: docs/calendar.md).
//
// A year after the last file is *provisional* (预估) when dir holds provisional.json: its
// working days follow the statutory holidays of 《全国年节及纪念日放假办法》 (fixed dates, the
// lunar festivals and 清明 computed, weekend holidays made up on the next working days) without
// the year's 调休, so a case is never blocked for want of a notice; callers mark every answer
// that touches such a year (is_provisional) and recompute when the file arrives. Beyond the
// provisional years, and before the first file, a date is an error, never a guess.
//
// The calendar is immutable after load, so one instance can be shared by all threads.
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"

namespace weijian {

class WorkingCalendar {
 public:
  // Reads every YYYY.csv in dir (other file names ending in .csv are refused; files with other
  // extensions are ignored). Refuses, naming the file, line and reason: a malformed line, a
  // date listed twice, a `workday` that falls on Monday–Friday, a holiday block whose days are
  // not consecutive, a date outside the file's year (or the last days of the year before,
  // which a notice may move: e.g. 元旦 2023 began on 2022-12-31), and a gap between the
  // covered years.
  static Result<WorkingCalendar> load(const std::string& dir);

  // The covered years: first_year() to last_official_year() from files, then the provisional
  // ones up to last_year().
  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }
  int last_official_year() const { return last_official_year_; }
  // True for a date in a provisional year: an answer about it is an estimate (预估).
  bool is_provisional(Date d) const { return d.year() > last_official_year_; }

  Result<bool> is_working_day(Date d) const;

  // The deadline of 「N个工作日内」 counted from an event on `start`: the n-th working day
  // after start, not counting start itself. A complaint received on Friday 2026-02-13 with
  // a 1-working-day limit is due on Saturday 2026-02-14 (调休上班); one received on that
  // Saturday is due on Tuesday 2026-02-24, after the Spring Festival.
  // n = 0 gives start if it is a working day, else the next working day (the first day on
  // which something can be done). n < 0 is refused. Errors if start or the answer falls in
  // a year the calendar does not cover.
  Result<Date> add_working_days(Date start, int n) const;

  // The number of working days d with from < d <= to: how many working days of a limit have
  // been used from the event on `from` up to and including `to`. So
  // working_days_between(s, add_working_days(s, n)) == n for n >= 1, and a deadline is
  // missed when the count to the completion date exceeds n.
  // If to < from the answer is the negative of working_days_between(to, from), so the sign
  // says which way round the dates were. Both dates must lie in covered years.
  Result<int> working_days_between(Date from, Date to) const;

 private:
  WorkingCalendar() = default;
  // Index of d into the per-day arrays, or an error naming d's uncovered year.
  Result<int> index_of(Date d) const;
  Error uncovered(int year) const;

  std::string dir_;  // as given to load(), for error messages that tell the operator where
  int first_year_ = 0;
  int last_year_ = 0;
  int last_official_year_ = 0;
  int first_day_ = 0;  // days_since_epoch of first_year-01-01
  // One entry per day from first_year-01-01 to last_year-12-31:
  // working_[i] is 1 on a working day; worked_through_[i] counts working days in [0, i].
  // add_working_days is a binary search and working_days_between a subtraction.
  std::vector<unsigned char> working_;
  std::vector<int> worked_through_;
};

}  // namespace weijian
