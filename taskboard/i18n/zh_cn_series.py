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
}
