import { email, flow, notify, type CatalogTemplate } from "./build";

/** Templates that report on a schedule, from the sales Orgflow records. */

export const reportTemplates: CatalogTemplate[] = [
  {
    key: "weekly-sales-digest",
    name: "Weekly sales digest",
    category: "Reports",
    description:
      "Every Monday at 8:00, sum up last week's sales by rep for the whole team (set your time zone and the email address).",
    definition: flow(
      [
        {
          id: "schedule_1",
          type: "schedule",
          label: "Mondays at 8:00",
          config: { cron: "0 8 * * 1", timezone: "America/New_York" },
          at: [0, 0],
        },
        {
          id: "sales_summary_1",
          type: "sales_summary",
          label: "Last week's sales",
          config: { days: 7 },
          at: [1, 0],
        },
        {
          id: "notify_1",
          type: "notify",
          label: "Post to the team",
          config: notify(
            "everyone",
            "Last week: {{ steps.sales_summary_1.output.total }}",
            "{{ steps.sales_summary_1.output.text }}",
            "/o/{{ org.slug }}/commissions",
          ),
          at: [2, 0],
        },
        {
          id: "send_email_1",
          type: "send_email",
          label: "Email the digest",
          config: email(
            "sales-team@example.com",
            "{{ org.name }} sales last week: {{ steps.sales_summary_1.output.total }}",
            "{{ steps.sales_summary_1.output.text }}\n\nHave a great week!",
          ),
          at: [3, 0],
        },
      ],
      [
        ["schedule_1", "sales_summary_1"],
        ["sales_summary_1", "notify_1"],
        ["notify_1", "send_email_1"],
      ],
    ),
  },
  {
    key: "month-end-commission-reminder",
    name: "Month-end commission reminder",
    category: "Reports",
    description:
      "On the 1st of each month, show managers last month's sales and send them to approve commissions before payout.",
    definition: flow(
      [
        {
          id: "schedule_1",
          type: "schedule",
          label: "1st of the month, 9:00",
          config: { cron: "0 9 1 * *", timezone: "America/New_York" },
          at: [0, 0],
        },
        {
          id: "sales_summary_1",
          type: "sales_summary",
          label: "Last month's sales",
          config: { days: 31 },
          at: [1, 0],
        },
        {
          id: "notify_1",
          type: "notify",
          label: "Ask managers to approve",
          config: notify(
            "administrators",
            "Approve last month's commissions",
            "{{ steps.sales_summary_1.output.text }}\n\nApprove the commissions waiting in the queue, then close the period and pay out.",
            "/o/{{ org.slug }}/commissions/approvals",
          ),
          at: [2, 0],
        },
      ],
      [
        ["schedule_1", "sales_summary_1"],
        ["sales_summary_1", "notify_1"],
      ],
    ),
  },
];
