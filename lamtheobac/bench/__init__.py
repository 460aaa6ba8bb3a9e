"""The report benchmark (`lamtheobac bench report`): a province-scale data set
built fast with INSERT … SELECT (builder.py), the same figures as the roll-up
computed by one hand-written SQL query (sql.py), the timings and the check
that both agree (runner.py), and the throwaway database it runs in
(database.py)."""
