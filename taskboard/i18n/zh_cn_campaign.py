"""Simplified Chinese for visit campaigns: households, rounds and the summary."""

CATALOGUE: dict[str, str] = {
    # progress and summary
    "{done}/{total} households": "{done}/{total} 户",
    "{done}/{total} done": "已完成 {done}/{total}",
    "no households yet": "尚无住户",
    "no household missed": "一户不漏",
    "{left} of {total} households left": "{total} 户中还有 {left} 户未走访到",
    "to visit again": "需再访",
    "not visited yet": "尚未上门",
    "{on} {who}: {state}": "{on} {who}:{state}",
    "round {n}": "第{n}轮",
    "{title} · round {n}": "{title}·第{n}轮",
    "closed": "已结束",
    "under way": "进行中",
    "Campaign": "走访活动",
    "Household": "住户",
    "Households:": "住户:",
    "Households left:": "未走访到的住户:",
    "Visits": "上门记录",
    "Rounds": "轮次",
    "Progress": "进度",
    "No campaigns.": "没有走访活动。",
    # actions and their messages
    "Created campaign {ref}": "已创建走访活动 {ref}",
    "Created campaign {ref}: {title}": "已创建走访活动 {ref}:{title}",
    "Imported {count} households into {ref}": "已向 {ref} 导入 {count} 户",
    "{ref}: {count} households read from {file}: {added} added, {updated} updated,"
    " {unchanged} unchanged": "{ref}:从 {file} 读取 {count} 户:新增 {added},更新 {updated},"
    "未变 {unchanged}",
    "Round {n} of {ref}: {count} households ({task})": "{ref} 第{n}轮:{count} 户({task})",
    "Round {n} ({task}): {count} households on {day} {weekday} {start}–{end}": (
        "第{n}轮({task}):{count} 户,{day} {weekday} {start}–{end}"
    ),
    "Closed round {n}: {ref}": "第{n}轮已结束:{ref}",
    "Closed round {n} of {ref}: no household missed": "{ref} 第{n}轮已结束:一户不漏",
    "{ref}: no household missed": "{ref}:一户不漏",
    "{ref}: no household missed; nothing to visit again": "{ref}:一户不漏,无需再访",
    "Closed campaign {ref}": "已结束走访活动 {ref}",
    "Closed campaign {ref}: {words}": "已结束走访活动 {ref}:{words}",
    "{ref}: {count} households are not visited yet; close it anyway with --force": (
        "{ref}:还有 {count} 户未走访到;如仍要结束,请加 --force"
    ),
    "{count} households are not visited yet. Close {ref} anyway?": (
        "还有 {count} 户未走访到。仍要结束 {ref} 吗?"
    ),
    "campaign {ref} is closed": "走访活动 {ref} 已结束",
    "{ref} has no households yet: import a list with `campaign import`": (
        "{ref} 还没有住户:请用 `campaign import` 导入住户名单"
    ),
    " (campaigns: {refs})": "(现有走访活动:{refs})",
    "no campaign {ref}{hint}": "没有走访活动 {ref}{hint}",
    "give --start and --end together": "--start 和 --end 须一起给出",
    "--end must be after --start": "--end 须晚于 --start",
    # history
    "{count} households added": "新增 {count} 户",
    "{count} households updated": "更新 {count} 户",
    "opened round {n}": "开始第{n}轮",
    "took back round {n}": "撤回第{n}轮",
    "campaign closed": "活动已结束",
    "campaign reopened": "活动重新开始",
    "History:": "变更记录:",
    "imported": "导入",
    "new round": "新一轮",
    "visited": "上门",
    "{item}: {state} — {who}, {on}": "{item}:{state} — {who},{on}",
    # the task screen's keys
    "Next round": "下一轮",
    "Close this round; households left go to an evening round": (
        "结束本轮,未走访到的住户转入晚间下一轮"
    ),
    "Close campaign": "结束活动",
    "Close the campaign this round belongs to": "结束本轮所属的走访活动",
}
