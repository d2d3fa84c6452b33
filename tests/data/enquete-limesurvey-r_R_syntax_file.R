data <- read.csv("enquete-limesurvey-r_R_data_file.csv", quote = "'\"", na.strings=c("", "\"\""), stringsAsFactors=FALSE, fileEncoding="UTF-8-BOM")

# LimeSurvey Field type: A
data[, 1] <- as.character(data[, 1])
attributes(data)$variable.labels[1] <- "Response ID"
names(data)[1] <- "id"
# LimeSurvey Field type: A
data[, 2] <- as.character(data[, 2])
attributes(data)$variable.labels[2] <- "Date submitted"
names(data)[2] <- "submitdate"
# LimeSurvey Field type: A
data[, 3] <- as.character(data[, 3])
attributes(data)$variable.labels[3] <- "Last page"
names(data)[3] <- "lastpage"
# LimeSurvey Field type: A
data[, 4] <- as.character(data[, 4])
attributes(data)$variable.labels[4] <- "Start language"
names(data)[4] <- "startlanguage"
# LimeSurvey Field type: A
data[, 5] <- as.character(data[, 5])
attributes(data)$variable.labels[5] <- "Seed"
names(data)[5] <- "seed"
# LimeSurvey Field type: A
data[, 6] <- as.character(data[, 6])
attributes(data)$variable.labels[6] <- "Token"
names(data)[6] <- "token"
# LimeSurvey Field type: A
data[, 7] <- as.character(data[, 7])
attributes(data)$variable.labels[7] <- "How much do you trust the State?"
data[, 7] <- factor(data[, 7], levels=c("A1","A2","A3","A4","-oth-"),labels=c("Pas du tout confiance", "Plutôt pas confiance", "Plutôt confiance", "Très confiance", "Ne sait pas"))
names(data)[7] <- "REP04"
# LimeSurvey Field type: A
data[, 8] <- as.character(data[, 8])
attributes(data)$variable.labels[8] <- "Statements [Proposals]"
names(data)[8] <- "REP07"
# LimeSurvey Field type: A
data[, 9] <- as.character(data[, 9])
attributes(data)$variable.labels[9] <- "Statements [Competence]"
names(data)[9] <- "REP09"
# LimeSurvey Field type: A
data[, 10] <- as.character(data[, 10])
attributes(data)$variable.labels[10] <- "Influence"
names(data)[10] <- "REP02"
# LimeSurvey Field type: A
data[, 11] <- as.character(data[, 11])
attributes(data)$variable.labels[11] <- "Satisfaction"
names(data)[11] <- "ORG09"
# LimeSurvey Field type: A
data[, 12] <- as.character(data[, 12])
attributes(data)$variable.labels[12] <- "You are"
data[, 12] <- factor(data[, 12], levels=c("F","M"),labels=c("Femme", "Homme"))
names(data)[12] <- "SOC01"
