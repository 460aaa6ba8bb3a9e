"""Pages of the activities app, by sub-domain like the services and the forms:

- `activities`: the list, the month view, an activity with its connection
  points and attachments, the kinds list;
- `topics`: the yearly topics;
- `attendance`: the attendance rules and the assignments of committee members
  to cells;
- `compliance`: the compliance page and the figures page;
- `imports`: the bulk entry screen and the .xlsx import;
- `_shared`: the small helpers several of them use.

Views parse, fetch through the access helpers, call a service and respond;
urls.py routes to them.
"""
