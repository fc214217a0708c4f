"""Simplified Chinese for recurring work (task series), events' attendance and funds."""

CATALOGUE: dict[str, str] = {
    # funds
    "Added fund {fund} to {site}": "已为 {site} 添加经费来源 {fund}",
    "Removed fund {fund} from {site}": "已从 {site} 移除经费来源 {fund}",
    "no fund {fund} at {site} (its funds: {known})": "{site} 没有经费来源 {fund}(现有:{known})",
    "none yet; add one with `taskboard fund add NAME`": "尚无;用 `taskboard fund add 名称` 添加",
    "fund {fund} could be {funds}; give more of its name": (
        "经费来源 {fund} 可能是 {funds};请写得更完整"
    ),
    "{site} already has the fund {fund}": "{site} 已有经费来源 {fund}",
    "{site} has no fund {fund} (its funds: {known})": "{site} 没有经费来源 {fund}(现有:{known})",
    "No funds yet. Add one with: taskboard fund add NAME": (
        "尚无经费来源。添加:taskboard fund add 名称"
    ),
    "Fund": "经费来源",
    "no fund": "未注明经费来源",
    "Cost": "费用",
    "estimated": "预算",
    "spent": "实际支出",
    "Spent": "支出",
    "Estimated (yuan)": "预算(元)",
    "Spent (yuan)": "实际支出(元)",
    "Estimated cost (yuan)": "预算合计(元)",
    "Spending per fund": "按经费来源统计支出",
    "Spending per residents' suggestion": "按居民建议统计支出",
    "Suggestion": "居民建议",
    # attendance
    "attendance is counted for events only (kind event)": "只有活动类任务才统计参加人数",
    "expected ADULTS:MINORS, two whole numbers, e.g. 20:15": "应为 成人数:未成年人数,如 20:15",
    "expected an amount in yuan, e.g. 980": "应为金额(元),如 980",
    "Expected (adults:minors, events)": "预计参加(成人:未成年人,活动)",
    "Attended (adults:minors, events)": "实际参加(成人:未成年人,活动)",
    "one of the site's funds: {funds}": "本社区的经费来源之一:{funds}",
    "Expected": "预计参加",
    "Attended": "实际参加",
    "{adults} adults, {minors} minors ({total} in all)": (
        "成人 {adults} 人,未成年人 {minors} 人(共 {total} 人)"
    ),
    "{n} came": "到场{n}人",
    "~{n} expected": "预计{n}人",
    "Came to events": "活动到场",
    "Expected at events: adults": "活动预计参加:成人",
    "Expected at events: minors": "活动预计参加:未成年人",
    "Came to events: adults": "活动实际参加:成人",
    "Came to events: minors": "活动实际参加:未成年人",
    # series
    "Created series {ref} ({repeat})": "已建立周期任务 {ref}({repeat})",
    "Created series {ref} ({repeat}): {count} occurrences, {first} to {last}": (
        "已建立周期任务 {ref}({repeat}):共 {count} 次,{first} 至 {last}"
    ),
    "Made the next occurrences of recurring work": "已生成周期任务接下来的各次",
    "no series {ref}": "没有周期任务 {ref}",
    "a repeating task needs a first day: give --start and --end, or --due": (
        "周期任务需要第一次的日期:请给出 --start 和 --end,或 --due"
    ),
    "no day of {repeat} falls between {first} and {until}": (
        "{first} 至 {until} 之间没有符合 {repeat} 的日子"
    ),
    "series {ref} does not need {skill}": "周期任务 {ref} 不需要 {skill}",
    "{name} is in the crew of {ref} already": "{name} 已是 {ref} 的固定人员",
    "{name} joined the crew of {ref} ({skill})": "{name} 成为 {ref} 的固定人员({skill})",
    "{name} is not in the crew of {ref}": "{name} 不是 {ref} 的固定人员",
    "{name} left the crew of {ref}": "{name} 不再是 {ref} 的固定人员",
    "{ref} is not part of a series": "{ref} 不属于周期任务",
    "Edited {ref} and the occurrences after it": "已修改 {ref} 及之后各次",
    "Updated {ref} and {count} later occurrences": "已更新 {ref} 及之后 {count} 次",
    "until ({until}) must not be before the first day ({first})": (
        "结束日期({until})不能早于第一次({first})"
    ),
    "Series {ref} ends on {until}": "周期任务 {ref} 于 {until} 结束",
    "+{n} more": "另有{n}次",
    "weekly": "每周",
    "daily": "每天",
    "monthly": "每月",
    "repeats": "周期",
    "No series yet. Make one with: taskboard task add … --repeat weekly:wed": (
        "尚无周期任务。建立:taskboard task add … --repeat weekly:wed"
    ),
    "Repeat": "重复",
    "from": "自",
    "until": "至",
    "Standing crew": "固定人员",
    "Occurrences": "各次",
    "Proposed for {n} occurrences": "已提议参加 {n} 次",
    "not proposed: {why}": "未提议:{why}",
    "Every series is made up to its horizon.": "所有周期任务均已生成到预定范围。",
    "Until": "截止",
    "Next": "下一次",
    "Upcoming": "未来",
    "Crew": "固定人员",
}
