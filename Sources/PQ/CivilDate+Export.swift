// A `date` column decodes to the domain's `CalendarDate`; every user of PQ sees that type.
@_exported import CivilDate
