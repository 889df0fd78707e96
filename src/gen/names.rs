//! Synthetic people: Chinese names drawn from common surnames and given-name
//! characters. Every person the generator makes is fictitious and is marked
//! `"synthetic": true` in owners.json.

use super::rng::Draw;
use std::collections::HashSet;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "沈",
    "姚", "卢", "姜", "钟", "谭", "陆", "汪", "范", "石", "廖", "贺", "龙", "欧阳", "刘", "陈",
    "李", "王", "周", "邹", "颜", "文", "易", "聂", "向",
];

const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "红", "建", "国", "志", "文", "辉", "斌", "波",
    "海", "亮", "鹏", "宇", "浩", "凯", "俊", "峰", "婷", "雪", "琳", "慧", "燕", "玲", "春", "晖",
    "湘", "衡", "岳", "湖", "新", "立", "德", "荣", "云", "飞", "卫", "东", "兵", "林", "松", "健",
];

/// Draws names that are unique within one generator run.
pub(crate) struct NameMaker {
    used: HashSet<String>,
}

impl NameMaker {
    pub(crate) fn new() -> Self {
        NameMaker {
            used: HashSet::new(),
        }
    }

    /// Marks a name as taken.
    pub(crate) fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_string());
    }

    pub(crate) fn person(&mut self, rng: &mut impl Draw) -> String {
        loop {
            let mut n = SURNAMES[rng.below(SURNAMES.len())].to_string();
            n.push_str(GIVEN[rng.below(GIVEN.len())]);
            if rng.chance(0.7) {
                n.push_str(GIVEN[rng.below(GIVEN.len())]);
            }
            if self.used.insert(n.clone()) {
                return n;
            }
        }
    }
}

/// The place part of a community's name: `红湖社区居委会` → `红湖`.
pub(crate) fn root(name: &str) -> &str {
    for suffix in [
        "社区居委会",
        "社区居民委员会",
        "居委会",
        "村委会",
        "村民委员会",
        "社区",
        "街道",
        "回族镇",
        "镇",
        "乡",
    ] {
        if let Some(r) = name.strip_suffix(suffix) {
            if !r.is_empty() {
                return r;
            }
        }
    }
    name
}

/// Whether a community is a village (村), which gets a larger, rural zone.
pub(crate) fn is_village(name: &str) -> bool {
    name.ends_with("村委会") || name.ends_with("村民委员会")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_and_unique_names() {
        assert_eq!(root("红湖社区居委会"), "红湖");
        assert_eq!(root("大立村委会"), "大立");
        assert_eq!(root("雨城居委会"), "雨城");
        assert_eq!(root("呆鹰岭镇"), "呆鹰岭");
        assert!(is_village("松亭村委会") && !is_village("红湖社区居委会"));
        let mut r = super::super::rng::stream(1, 0);
        let mut m = NameMaker::new();
        let names: HashSet<String> = (0..500).map(|_| m.person(&mut r)).collect();
        assert_eq!(names.len(), 500);
        assert!(names.iter().all(|n| (2..=4).contains(&n.chars().count())));
    }
}
