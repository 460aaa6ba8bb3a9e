"""Pages of reports, by sub-domain: `reports` (the list with bulk approval,
starting, reading, editing and moving a report up the tree), `rollup`,
`completeness`, `obligations` (and custom periods), `dashboard`, `documents`.
Every object is fetched through the access helper first; every write is a
call to reports.services."""
